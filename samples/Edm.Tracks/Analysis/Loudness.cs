namespace Edm.Tracks.Analysis;

/// <summary>Level of a track relative to digital full scale.</summary>
/// <param name="RmsDbfs">
/// RMS level over all channels, in dB relative to full scale: a full-scale square wave reads 0,
/// a full-scale sine −3.01. Floored at <see cref="LoudnessMeter.FloorDbfs"/> for digital silence.
/// </param>
/// <param name="PeakDbfs">Largest absolute sample, in dB relative to full scale (sample peak, not true peak).</param>
public readonly record struct Loudness(double RmsDbfs, double PeakDbfs);
