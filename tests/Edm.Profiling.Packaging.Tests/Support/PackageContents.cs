using System.IO.Compression;
using System.Xml.Linq;

namespace Edm.Profiling.Packaging.Tests.Support;

/// <summary>A .nupkg opened as the zip it is: its files and its nuspec.</summary>
public sealed class PackageContents : IDisposable
{
    private readonly ZipArchive _zip;

    public PackageContents(string path)
    {
        _zip = ZipFile.OpenRead(path);
        ZipArchiveEntry nuspec = Assert.Single(_zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using Stream stream = nuspec.Open();
        Nuspec = XDocument.Load(stream);
    }

    public XDocument Nuspec { get; }

    /// <summary>Every file path in the package, with '/' separators, OPC bookkeeping left out.</summary>
    public IReadOnlyList<string> Files =>
        [.. _zip.Entries.Select(e => e.FullName).Where(n => !n.StartsWith("_rels/", StringComparison.Ordinal) && !n.StartsWith("package/", StringComparison.Ordinal) && n != "[Content_Types].xml").Order(StringComparer.Ordinal)];

    /// <summary>Every entry, bookkeeping included.</summary>
    public IEnumerable<ZipArchiveEntry> Entries => _zip.Entries;

    /// <summary>The text of a nuspec metadata element, or null.</summary>
    public string? Metadata(string element) => MetadataElement(element)?.Value;

    public XElement? MetadataElement(string element) =>
        Nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata").Elements().SingleOrDefault(e => e.Name.LocalName == element);

    /// <summary>The declared dependencies: (target framework, id, version, exclude).</summary>
    public IReadOnlyList<(string Framework, string Id, string Version, string? Exclude)> Dependencies =>
        [.. (MetadataElement("dependencies")?.Elements() ?? [])
            .SelectMany(group => group.Elements().Select(d => ((string?)group.Attribute("targetFramework") ?? "", (string)d.Attribute("id")!, (string)d.Attribute("version")!, (string?)d.Attribute("exclude"))))];

    public byte[] Read(string file)
    {
        using Stream stream = Open(file);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public Stream Open(string file) => (_zip.GetEntry(file) ?? throw new FileNotFoundException($"{file} is not in the package")).Open();

    public void Dispose() => _zip.Dispose();
}
