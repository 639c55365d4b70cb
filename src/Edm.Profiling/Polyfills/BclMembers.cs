#if NETSTANDARD2_0
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Edm.Profiling;

/// <summary>
/// Instance members of BCL types that netstandard2.0 lacks and this code calls, as C# 14 extension
/// members, so the calling code reads the same on every target.
/// </summary>
internal static class BclMembers
{
    extension(string text)
    {
        public int IndexOf(char value, StringComparison comparison) => text.IndexOf(value.ToString(), comparison);

        public static string Concat(string first, ReadOnlySpan<char> second) => first + second.ToString();

        public static string Create(IFormatProvider provider, FormattableString formattable) => formattable.ToString(provider);
    }

    extension(StringBuilder builder)
    {
        public StringBuilder Append(IFormatProvider provider, FormattableString formattable) => builder.Append(formattable.ToString(provider));
    }

    extension(Task task)
    {
        public bool IsCompletedSuccessfully => task.Status == TaskStatus.RanToCompletion;
    }

    extension<TKey, TValue>(IDictionary<TKey, TValue> dictionary)
    {
        public TValue? GetValueOrDefault(TKey key) => dictionary.TryGetValue(key, out TValue? value) ? value : default;
    }

    extension<TKey, TValue>(ConcurrentDictionary<TKey, TValue> dictionary)
        where TKey : notnull
    {
        public TValue GetOrAdd<TArg>(TKey key, Func<TKey, TArg, TValue> factory, TArg argument) =>
            dictionary.GetOrAdd(key, k => factory(k, argument));
    }

    extension(ReadOnlySpan<char> span)
    {
        public int IndexOfAnyExcept(char first, char second)
        {
            for (int i = 0; i < span.Length; i++)
            {
                if (span[i] != first && span[i] != second)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    extension(Span<long> span)
    {
        public int IndexOfAnyInRange(long low, long high)
        {
            for (int i = 0; i < span.Length; i++)
            {
                if (span[i] >= low && span[i] <= high)
                {
                    return i;
                }
            }

            return -1;
        }
    }

    extension(ReadOnlySpan<byte> span)
    {
        public int Count(byte value)
        {
            int count = 0;
            foreach (byte b in span)
            {
                count += b == value ? 1 : 0;
            }

            return count;
        }
    }

    extension(SHA256)
    {
        public static byte[] HashData(byte[] data)
        {
            using var sha = SHA256.Create();
            return sha.ComputeHash(data);
        }
    }

    extension(Convert)
    {
        public static string ToHexString(byte[] bytes, int offset, int length) =>
            BitConverter.ToString(bytes, offset, length).Replace("-", "");
    }

    extension(ArgumentException)
    {
        public static void ThrowIfNullOrWhiteSpace([System.Diagnostics.CodeAnalysis.NotNull] string? argument, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(argument))] string? paramName = null)
        {
            ArgumentNullException.ThrowIfNull(argument, paramName);
            if (string.IsNullOrWhiteSpace(argument))
            {
                throw new ArgumentException("The value cannot be empty or white space.", paramName);
            }
        }
    }

    extension(Math)
    {
        /// <summary>The high 64 bits of the 128-bit product (the low bits are not needed here).</summary>
        public static ulong BigMul(ulong a, ulong b, out ulong low)
        {
            ulong aLow = (uint)a, aHigh = a >> 32, bLow = (uint)b, bHigh = b >> 32;
            ulong lowLow = aLow * bLow;
            ulong middle1 = (aHigh * bLow) + (lowLow >> 32);
            ulong middle2 = (aLow * bHigh) + (uint)middle1;
            low = (middle2 << 32) | (uint)lowLow;
            return (aHigh * bHigh) + (middle1 >> 32) + (middle2 >> 32);
        }
    }
}
#endif
