#if NETSTANDARD2_0
// netstandard2.0 lacks System.HashCode. Records' GetHashCode only needs a stable mix within one
// process; this one multiplies and rotates (no per-process seed, unlike the real one).
namespace System
{
    internal struct HashCode
    {
        private int _hash;

        public void Add<T>(T value) => _hash = Mix(_hash, value is null ? 0 : value.GetHashCode());

        public readonly int ToHashCode() => _hash;

        public static int Combine<T1, T2>(T1 a, T2 b) => Mix(Mix(0, H(a)), H(b));

        public static int Combine<T1, T2, T3>(T1 a, T2 b, T3 c) => Mix(Combine(a, b), H(c));

        public static int Combine<T1, T2, T3, T4>(T1 a, T2 b, T3 c, T4 d) => Mix(Combine(a, b, c), H(d));

        public static int Combine<T1, T2, T3, T4, T5>(T1 a, T2 b, T3 c, T4 d, T5 e) => Mix(Combine(a, b, c, d), H(e));

        public static int Combine<T1, T2, T3, T4, T5, T6>(T1 a, T2 b, T3 c, T4 d, T5 e, T6 f) => Mix(Combine(a, b, c, d, e), H(f));

        private static int H<T>(T value) => value is null ? 0 : value.GetHashCode();

        private static int Mix(int hash, int value)
        {
            uint mixed = unchecked(((uint)hash * 0x9E3779B1u) + (uint)value);
            return (int)((mixed << 13) | (mixed >> 19));
        }
    }
}

namespace System.Numerics
{
    internal static class BitOperations
    {
        public static int LeadingZeroCount(ulong value)
        {
            int count = 0;
            for (ulong bit = 1UL << 63; bit != 0 && (value & bit) == 0; bit >>= 1)
            {
                count++;
            }

            return count;
        }
    }
}
#endif
