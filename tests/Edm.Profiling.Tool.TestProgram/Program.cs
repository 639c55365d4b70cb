using System.Globalization;
using Edm.Profiling;

// A program for the edm-prof tests. Arguments are carried out in order:
// --scopes N     records N calls of the scope "TestProgram.step" (so a session is written in process mode)
// --stderr TEXT  writes TEXT and a line break on standard error
// --echo-stdin   copies standard input to standard output, byte for byte, until it is closed
// --exit CODE    exits with CODE once everything else is done
// --slow PERCENT makes Fixture.Knob do PERCENT% more work in the --work that follows (the A/B tests' change)
// --work CALLS   calls the [Profile] methods: Fixture.Setup once, Fixture.Knob and Fixture.Steady CALLS times each
// --work-until-stdin-closes  calls Fixture.Knob and Fixture.Steady about a hundred times a second, printing
//                "working" after the first calls, until standard input is closed (a process to watch live)
int exitCode = 0;
int slowPercent = 0;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--scopes":
            RecordScopes(int.Parse(args[++i], CultureInfo.InvariantCulture));
            break;
        case "--stderr":
            Console.Error.WriteLine(args[++i]);
            break;
        case "--echo-stdin":
            using (Stream input = Console.OpenStandardInput(), output = Console.OpenStandardOutput())
            {
                input.CopyTo(output);
            }

            break;
        case "--slow":
            slowPercent = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--work":
            Fixture.Run(int.Parse(args[++i], CultureInfo.InvariantCulture), slowPercent);
            break;
        case "--work-until-stdin-closes":
            Fixture.RunUntil(Console.OpenStandardInput());
            break;
        case "--exit":
            exitCode = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        default:
            Console.Error.WriteLine($"TestProgram: unknown argument '{args[i]}'");
            return 64;
    }
}

return exitCode;

static void RecordScopes(int calls)
{
    for (int i = 0; i < calls; i++)
    {
        using (Profiler.Scope("TestProgram.step"))
        {
            Thread.SpinWait(100);
        }
    }
}
