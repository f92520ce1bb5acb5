using Dashboard.Cli.Commands;

// routedash: the dashboard's backend on the command line. Exit codes: 0 ok, 1 error,
// 2 bad usage or a namespace that does not exist, 3 findings (scan).
var root = new System.CommandLine.RootCommand("Inspect and fix Linux routing across the node's network namespaces.")
{
    NamespacesCommand.Create(),
    RoutesCommand.Create(),
    RulesCommand.Create(),
    LookupCommand.Create(),
    ScanCommand.Create(),
    MigrateCommand.Create(),
    RecoverCommand.Create(),
    WatchCommand.Create(),
};
return CliRunner.Run(root, args);
