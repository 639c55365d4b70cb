using Edm.Tracks;

return EdmCli.Build().Parse(args).Invoke();
