#if NETSTANDARD2_0
using System.Reflection;

namespace Edm.Profiling;

/// <summary>
/// netstandard2.0 does not declare <c>GC.GetAllocatedBytesForCurrentThread</c>, but the runtimes that
/// load this build may have it (.NET Core 3.0 and later do; .NET Framework does not). It is looked up
/// once: where it exists, Detailed probes measure allocations as on net8.0/net10.0; where it does not,
/// they read 0 and the session says so (<see cref="Unavailable"/>).
/// </summary>
internal static class ThreadAllocations
{
    private static readonly Func<long>? s_counter = Find();

    /// <summary>The session warning for a runtime without the counter, or null where it exists.</summary>
    internal static string? Unavailable => s_counter is null
        ? "Detailed allocation figures unavailable on this target: the netstandard2.0 build of Edm.Profiling runs on a runtime without GC.GetAllocatedBytesForCurrentThread, so allocated bytes read 0 (call counts, timing and GC counts are exact)."
        : null;

    extension(GC)
    {
        /// <summary>Bytes allocated by the current thread so far, or 0 where the runtime cannot tell.</summary>
        public static long GetAllocatedBytesForCurrentThread() => s_counter is { } counter ? counter() : 0;
    }

    private static Func<long>? Find()
    {
        MethodInfo? method = typeof(GC).GetMethod("GetAllocatedBytesForCurrentThread", BindingFlags.Public | BindingFlags.Static, null, Type.EmptyTypes, null);
        return method is null ? null : (Func<long>)method.CreateDelegate(typeof(Func<long>));
    }
}
#endif
