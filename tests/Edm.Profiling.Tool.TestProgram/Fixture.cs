using System.Runtime.CompilerServices;
using Edm.Profiling;

/// <summary>
/// Profiled work for the A/B tests: fixed amounts of arithmetic, so only the --slow knob changes what
/// a method costs. Knob is the method the knob slows; Steady and Setup never change.
/// </summary>
internal static class Fixture
{
    /// <summary>Loop steps of one Knob or Steady call: tens of microseconds, far above the probe's cost.</summary>
    private const int StepsPerCall = 20_000;

    private static long s_sink;

    internal static void Run(int calls, int slowPercent)
    {
        int knobSteps = StepsPerCall + (StepsPerCall * slowPercent / 100);
        for (int i = 0; i < calls; i++)
        {
            Knob(knobSteps);
            Steady(StepsPerCall);
        }

        // Last, so its one call does not also pay for starting the process session at the first probe.
        Setup();

        // Printed so the work cannot be optimised away.
        Console.WriteLine(s_sink);
    }

    /// <summary>Calls Knob and Steady every 10 ms until <paramref name="input"/> ends (its writer closed it).</summary>
    internal static void RunUntil(Stream input)
    {
        using var stop = new CancellationTokenSource();
        var watcher = new Thread(() =>
        {
            byte[] buffer = new byte[64];
            while (input.Read(buffer, 0, buffer.Length) > 0)
            {
            }

            stop.Cancel();
        }) { IsBackground = true };
        watcher.Start();
        bool announced = false;
        while (!stop.IsCancellationRequested)
        {
            Knob(StepsPerCall / 10);
            Steady(StepsPerCall / 10);
            if (!announced)
            {
                // After the first calls: the process session, and with it the Edm.Profiling meter, exists.
                Console.WriteLine("working");
                announced = true;
            }

            stop.Token.WaitHandle.WaitOne(10);
        }

        Console.WriteLine(s_sink);
    }

    /// <summary>Called once per run: a method with one figure per run.</summary>
    [Profile]
    internal static void Setup() => s_sink += Spin(50 * StepsPerCall);

    [Profile]
    internal static void Knob(int steps) => s_sink += Spin(steps);

    [Profile]
    internal static void Steady(int steps) => s_sink += Spin(steps);

    /// <summary>Compiled optimised at once: tiered compilation would time Setup's single call at whatever tier the JIT had reached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Spin(int steps)
    {
        long x = 1;
        for (int i = 0; i < steps; i++)
        {
            x = (x * 6364136223846793005L) + 1442695040888963407L;
        }

        return x;
    }
}
