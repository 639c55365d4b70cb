namespace Edm.Tracks.Output;

/// <summary>A table as text cells, ready for <see cref="TableWriter"/>.</summary>
/// <param name="Headers">Column titles.</param>
/// <param name="RightAligned">Per column: numbers are right-aligned.</param>
/// <param name="Rows">Cells, one array per row, one cell per column.</param>
public sealed record TextTable(IReadOnlyList<string> Headers, IReadOnlyList<bool> RightAligned, IReadOnlyList<string[]> Rows);
