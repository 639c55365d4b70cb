using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>Turns a fault the generator caught into EDM012, placed at the file and line it concerns.</summary>
internal static class GeneratorFaults
{
    public static Diagnostic ToDiagnostic(GeneratorFaultSpec fault)
    {
        // A path-and-line location (not a syntax tree's): the model keeps no syntax, and the compiler
        // accepts these from a generator.
        var start = new LinePosition(System.Math.Max(0, fault.Line - 1), System.Math.Max(0, fault.Column - 1));
        Location location = fault.FilePath is { Length: > 0 } path
            ? Location.Create(path, default, new LinePositionSpan(start, start))
            : Location.None;
        return Diagnostic.Create(DiagnosticDescriptors.GeneratorFault, location, fault.Stage, fault.Place, fault.Exception);
    }
}
