using Dashboard.Cni;

// routedash-cni: a chained CNI plugin (macvlan → vrf → routedash-cni). The runtime sets CNI_COMMAND and
// friends, writes the network configuration to stdin and reads the answer from stdout (docs/cni.md).
using var stdout = Console.OpenStandardOutput();
return await CniPlugin.ForThisNode().RunAsync(
    Environment.GetEnvironmentVariable,
    () =>
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        return buffer.ToArray();
    },
    stdout,
    Console.Error);
