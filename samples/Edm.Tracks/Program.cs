using Edm.Profiling.CommandLine;
using Edm.Tracks;

// --profile on every command and 'edm profile <command>' (docs/cli-integration.md).
return EdmCli.Build().UseProfiling().Parse(args).Invoke();
