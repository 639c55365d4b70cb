using System;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// Everything in a compilation that can change how a call binds or what a probed method looks like:
/// the tokens of every declaration (member bodies left out), the references and the options.
/// Two compilations with equal fingerprints bind an unchanged syntax tree the same way, so results
/// for that tree can be reused: an edit inside a method body re-binds only the edited file.
/// </summary>
/// <remarks>
/// Bodies cannot change binding elsewhere in C#: what they declare (locals, local functions,
/// lambdas) is visible only inside them. Trivia (whitespace, comments) is left out too.
/// </remarks>
internal sealed class DeclarationFingerprint : IEquatable<DeclarationFingerprint>
{
    private static readonly ConditionalWeakTable<Compilation, DeclarationFingerprint> s_byCompilation = new();
    private static readonly ConditionalWeakTable<SyntaxTree, TreeHash> s_byTree = new();

    private readonly ImmutableArray<long> _treeHashes;
    private readonly ImmutableArray<MetadataReference> _references;
    private readonly CompilationOptions _options;
    private readonly string? _assemblyName;

    private DeclarationFingerprint(Compilation compilation)
    {
        ImmutableArray<long>.Builder hashes = ImmutableArray.CreateBuilder<long>();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            hashes.Add(s_byTree.GetValue(tree, TreeHash.Compute).Value);
        }

        _treeHashes = hashes.ToImmutable();
        _references = compilation.References.ToImmutableArray();
        _options = compilation.Options;
        _assemblyName = compilation.AssemblyName;
    }

    /// <summary>The fingerprint of <paramref name="compilation"/>, computed once per compilation (and once per changed tree).</summary>
    public static DeclarationFingerprint For(Compilation compilation) => s_byCompilation.GetValue(compilation, c => new DeclarationFingerprint(c));

    public bool Equals(DeclarationFingerprint? other)
    {
        if (other is null)
        {
            return false;
        }

        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (!_treeHashes.AsSpan().SequenceEqual(other._treeHashes.AsSpan()) || _references.Length != other._references.Length
            || !Equals(_options, other._options) || _assemblyName != other._assemblyName)
        {
            return false;
        }

        for (int i = 0; i < _references.Length; i++)
        {
            if (!ReferenceEquals(_references[i], other._references[i]))
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as DeclarationFingerprint);

    public override int GetHashCode() => _treeHashes.Length;

    /// <summary>A 64-bit FNV-1a hash of a tree's declaration tokens and its parse options' symbols.</summary>
    private sealed class TreeHash(long value)
    {
        private const ulong Offset = 14695981039346656037;
        private const ulong Prime = 1099511628211;

        public long Value { get; } = value;

        public static TreeHash Compute(SyntaxTree tree)
        {
            ulong hash = Offset;
            hash = Add(hash, tree.FilePath);
            foreach (string symbol in tree.Options.PreprocessorSymbolNames)
            {
                hash = Add(hash, symbol);
            }

            SyntaxNode root = tree.GetRoot();
            foreach (SyntaxToken token in root.DescendantTokens(node => !IsBody(node)))
            {
                hash = Add(hash, token.Text);
            }

            // Whether the file has top-level statements (they make a Program class), not what they say.
            if (root is CompilationUnitSyntax { Members: var members } && members.Any(member => member is GlobalStatementSyntax))
            {
                hash = Add(hash, "<top-level statements>");
            }

            return new TreeHash(unchecked((long)hash));
        }

        /// <summary>Member bodies and top-level statements: nothing in them is visible to other code.</summary>
        private static bool IsBody(SyntaxNode node) => node switch
        {
            BlockSyntax or ArrowExpressionClauseSyntax => node.Parent is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or BasePropertyDeclarationSyntax,
            GlobalStatementSyntax => true,
            _ => false,
        };

        private static ulong Add(ulong hash, string text)
        {
            foreach (char c in text)
            {
                hash = unchecked((hash ^ c) * Prime);
            }

            return unchecked((hash ^ 0xFFFF) * Prime);
        }
    }
}
