using System.Runtime.CompilerServices;

namespace Edm.Profiling.SamplingFixture;

/// <summary>
/// What the allocation-sampling tests measure: <see cref="Allocate"/> (profiled, Detailed) allocates
/// 64 MiB as <c>byte[]</c> chunks on its own line, and 16 MiB as <see cref="Particle"/> objects through
/// <see cref="NewParticles"/> (not annotated), on another. Every object is kept reachable from a static
/// field until the next one replaces it, so none can be allocated on the stack.
/// </summary>
internal static class AllocationWorkload
{
    /// <summary>Length of one chunk: 64 KiB, below the large-object threshold.</summary>
    internal const int ChunkLength = 64 * 1024;

    internal const int Chunks = 1024;

    internal const int Particles = 16 * 1024 * 1024 / Particle.Size;

    private static byte[]? s_chunk;
    private static Particle? s_particle;

    internal static long Sink => (s_chunk?.Length ?? 0) + (s_particle?.A ?? 0);

    /// <summary>Calls <see cref="Allocate"/> directly, so its interceptor runs (a method group would bypass it).</summary>
    internal static void Run() => Allocate();

    [Profile(Layer.Detailed)]
    internal static void Allocate()
    {
        for (int i = 0; i < Chunks; i++)
        {
            s_chunk = new byte[ChunkLength]; // allocation site: chunks
        }

        NewParticles(Particles);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static void NewParticles(int count)
    {
        for (int i = 0; i < count; i++)
        {
            s_particle = new Particle(i); // allocation site: particles
        }
    }
}

/// <summary>A small object of a known size: 16 bytes of header and method table, and 48 of fields.</summary>
internal sealed class Particle(long a)
{
    internal const int Size = 64;

    internal long A { get; } = a;

    internal long B { get; } = a + 1;

    internal long C { get; } = a + 2;

    internal long D { get; } = a + 3;

    internal long E { get; } = a + 4;

    internal long F { get; } = a + 5;
}
