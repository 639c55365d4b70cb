using System.Globalization;
using Edm.Profiling;

// Usage: TestProgram [--scopes N] [--echo-stdin] [--stderr TEXT] [--exit CODE]
// --scopes N    records N calls of the scope "TestProgram.step" (so a session is written in process mode)
// --echo-stdin  copies standard input to standard output, byte for byte
// --stderr TEXT writes TEXT and a line break on standard error
// --exit CODE   exits with CODE
int scopes = 0;
int exitCode = 0;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scopes":
            scopes = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--echo-stdin":
            using (Stream input = Console.OpenStandardInput(), output = Console.OpenStandardOutput())
            {
                input.CopyTo(output);
            }

            break;
        case "--stderr":
            Console.Error.WriteLine(args[++i]);
            break;
        case "--exit":
            exitCode = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"TestProgram: unknown argument '{args[i]}'");
            return 64;
    }
}

for (int i = 0; i < scopes; i++)
{
    using (Profiler.Scope("TestProgram.step"))
    {
        Thread.SpinWait(100);
    }
}

return exitCode;
