using Edm.Profiling.Tool;

return EdmProf.Run(args);
