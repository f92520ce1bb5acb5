// CNI is Linux: the plugin, its namespaces and its state directory's modes exist nowhere else.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
