using System.Runtime.CompilerServices;
using Edm.Profiling;

namespace Edm.Profiling.Benchmarks.Probes;

/// <summary>
/// Interceptors written the way the generator emits them: a small inlinable fast path on
/// Profiler.Enabled, and the probe in a NoInlining method.
/// </summary>
public static class Interceptors
{
    private static int s_lightweight;
    private static int s_detailed;
    private static int s_async;

    public static void Register()
    {
        s_lightweight = Probe.Register(new ProbeDescriptor("Benchmarks.Target.Add(int)"));
        s_detailed = Probe.Register(new ProbeDescriptor("Benchmarks.Target.Add(int) detailed") { Layer = Layer.Detailed });
        s_async = Probe.Register(new ProbeDescriptor("Benchmarks.Target.AddAsync(int)") { Kind = ProbeKind.AsyncMethod });
    }

    public static int AddLightweight(int x)
    {
        if (!Profiler.Enabled)
        {
            return Target.Add(x);
        }

        return AddLightweightProbed(x);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int AddLightweightProbed(int x)
    {
        ProbeFrame frame = Probe.Enter(s_lightweight);
        try
        {
            return Target.Add(x);
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.Exit(ref frame);
        }
    }

    public static int AddDetailed(int x)
    {
        if (!Profiler.Enabled)
        {
            return Target.Add(x);
        }

        return AddDetailedProbed(x);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int AddDetailedProbed(int x)
    {
        ProbeFrame frame = Probe.Enter(s_detailed);
        try
        {
            return Target.Add(x);
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.Exit(ref frame);
        }
    }

    public static Task<int> AddAsync(int x)
    {
        if (!Profiler.Enabled)
        {
            return Target.AddAsync(x);
        }

        return AddAsyncProbed(x);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<int> AddAsyncProbed(int x)
    {
        ProbeFrame frame = Probe.EnterAsync(s_async);
        try
        {
            return Probe.Complete(Target.AddAsync(x), ref frame);
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.ExitAsync(ref frame);
        }
    }
}
