namespace Edm.Tracks.Analysis;

/// <summary>The normalised autocorrelation of a signal: how much it looks like itself shifted by a lag.</summary>
public sealed class Autocorrelation
{
    private readonly double[] _values;

    private Autocorrelation(double[] values) => _values = values;

    /// <summary>Largest lag computed.</summary>
    public int MaxLag => _values.Length - 1;

    /// <summary>The value at an integer lag; 1 at lag 0 for any signal that is not all zero.</summary>
    public double this[int lag] => _values[lag];

    /// <summary>
    /// Autocorrelation of <paramref name="signal"/> minus its mean, for lags 0…<paramref name="maxLag"/>,
    /// divided by the energy. The sum is not divided by the overlap, so long lags weigh a little less:
    /// that leans octave ties toward the faster tempo, as listeners do.
    /// </summary>
    /// <returns>Null when the signal is constant (nothing to correlate).</returns>
    public static Autocorrelation? Compute(ReadOnlySpan<float> signal, int maxLag)
    {
        int n = signal.Length;
        if (n < 2)
        {
            return null;
        }

        double mean = 0;
        foreach (float v in signal)
        {
            mean += v;
        }

        mean /= n;
        var centred = new double[n];
        for (int i = 0; i < n; i++)
        {
            centred[i] = signal[i] - mean;
        }

        maxLag = Math.Min(maxLag, n - 1);
        var values = new double[maxLag + 1];
        for (int lag = 0; lag <= maxLag; lag++)
        {
            double sum = 0;
            for (int i = 0; i + lag < n; i++)
            {
                sum += centred[i] * centred[i + lag];
            }

            values[lag] = sum;
        }

        double energy = values[0];
        if (energy <= 1e-12)
        {
            return null;
        }

        for (int lag = 0; lag <= maxLag; lag++)
        {
            values[lag] /= energy;
        }

        return new Autocorrelation(values);
    }

    /// <summary>The value at a fractional lag, interpolated linearly.</summary>
    public double At(double lag)
    {
        if (lag <= 0)
        {
            return _values[0];
        }

        int low = (int)lag;
        if (low >= MaxLag)
        {
            return _values[MaxLag];
        }

        double fraction = lag - low;
        return (_values[low] * (1 - fraction)) + (_values[low + 1] * fraction);
    }

    /// <summary>
    /// The peak nearest <paramref name="lag"/> within ± <paramref name="radius"/>, placed between
    /// samples by fitting a parabola through the highest value and its neighbours.
    /// </summary>
    public double PeakNear(double lag, int radius)
    {
        int centre = (int)Math.Round(lag);
        int from = Math.Max(1, centre - radius);
        int to = Math.Min(MaxLag - 1, centre + radius);
        if (from > to)
        {
            return lag;
        }

        int best = from;
        for (int l = from + 1; l <= to; l++)
        {
            if (_values[l] > _values[best])
            {
                best = l;
            }
        }

        double left = _values[best - 1];
        double middle = _values[best];
        double right = _values[best + 1];
        double curvature = left - (2 * middle) + right;
        if (curvature >= 0)
        {
            return best;
        }

        double offset = 0.5 * (left - right) / curvature;
        return best + Math.Clamp(offset, -0.5, 0.5);
    }
}
