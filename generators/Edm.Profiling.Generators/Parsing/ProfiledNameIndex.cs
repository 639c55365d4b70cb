using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// The names of methods that may be profiled in a compilation: the pre-filter that lets the call-site
/// step skip binding every invocation whose name cannot be a probed method. It may say yes too often
/// (the bound symbol decides), never no wrongly.
/// </summary>
/// <remarks>
/// Built from a syntactic scan of declarations (remembered per syntax tree, so an edit rescans one
/// file) and the markers of referenced assemblies (remembered per assembly symbol). Held per
/// compilation, so the call-site transforms of one generator run share one index.
/// </remarks>
internal sealed class ProfiledNameIndex
{
    private static readonly ConditionalWeakTable<Compilation, ProfiledNameIndex> s_byCompilation = new();
    private static readonly ConditionalWeakTable<SyntaxTree, TreeDeclarations> s_byTree = new();

    private readonly HashSet<string> _names;
    private readonly bool _acceptsAll;

    private ProfiledNameIndex(HashSet<string> names, bool acceptsAll)
    {
        _names = names;
        _acceptsAll = acceptsAll;
    }

    /// <summary>The index of <paramref name="compilation"/>, built on first use.</summary>
    public static ProfiledNameIndex For(Compilation compilation) => s_byCompilation.GetValue(compilation, Build);

    /// <summary>Whether a method called <paramref name="name"/> may be profiled.</summary>
    public bool MightBeProfiled(string name) => _acceptsAll || _names.Contains(name);

    private static ProfiledNameIndex Build(Compilation compilation)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var profiledTypes = new HashSet<string>(StringComparer.Ordinal);
        var partialTypeMethods = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        bool acceptsAll = false;
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            TreeDeclarations declarations = s_byTree.GetValue(tree, TreeDeclarations.Scan);
            acceptsAll |= declarations.HasProfileAlias;
            names.UnionWith(declarations.ProfiledMethods);
            profiledTypes.UnionWith(declarations.ProfiledTypes);
            foreach (KeyValuePair<string, List<string>> partialType in declarations.PartialTypeMethods)
            {
                if (!partialTypeMethods.TryGetValue(partialType.Key, out List<string>? methods))
                {
                    partialTypeMethods[partialType.Key] = methods = [];
                }

                methods.AddRange(partialType.Value);
            }
        }

        // [Profile] on one part of a partial type covers the methods declared in its other parts.
        foreach (string type in profiledTypes)
        {
            if (partialTypeMethods.TryGetValue(type, out List<string>? methods))
            {
                names.UnionWith(methods);
            }
        }

        names.UnionWith(ReferencedTargets.MethodNames(compilation));
        return new ProfiledNameIndex(names, acceptsAll);
    }

    /// <summary>What one syntax tree declares that may be profiled. Method bodies are never visited.</summary>
    private sealed class TreeDeclarations
    {
        public List<string> ProfiledMethods { get; } = [];

        public List<string> ProfiledTypes { get; } = [];

        public Dictionary<string, List<string>> PartialTypeMethods { get; } = new(StringComparer.Ordinal);

        /// <summary>A using alias names the attribute: attribute names can no longer be matched by text, so every name passes.</summary>
        public bool HasProfileAlias { get; private set; }

        public static TreeDeclarations Scan(SyntaxTree tree)
        {
            var declarations = new TreeDeclarations();
            declarations.Visit(tree.GetRoot());
            return declarations;
        }

        private void Visit(SyntaxNode node)
        {
            foreach (SyntaxNode child in node.ChildNodes())
            {
                switch (child)
                {
                    case UsingDirectiveSyntax { Alias: not null, NamespaceOrType: var target } when IsProfileName(LastIdentifier(target)):
                        HasProfileAlias = true;
                        break;
                    case BaseNamespaceDeclarationSyntax:
                        Visit(child);
                        break;
                    case TypeDeclarationSyntax type:
                        VisitType(type);
                        break;
                }
            }
        }

        private void VisitType(TypeDeclarationSyntax type)
        {
            bool profiledType = HasProfileAttribute(type.AttributeLists);
            bool partial = type.Modifiers.Any(SyntaxKind.PartialKeyword);
            string typeName = type.Identifier.ValueText;
            if (profiledType)
            {
                ProfiledTypes.Add(typeName);
            }

            foreach (MemberDeclarationSyntax member in type.Members)
            {
                switch (member)
                {
                    case MethodDeclarationSyntax method:
                        string name = method.Identifier.ValueText;
                        if (profiledType || HasProfileAttribute(method.AttributeLists))
                        {
                            ProfiledMethods.Add(name);
                        }

                        if (partial)
                        {
                            if (!PartialTypeMethods.TryGetValue(typeName, out List<string>? methods))
                            {
                                PartialTypeMethods[typeName] = methods = [];
                            }

                            methods.Add(name);
                        }

                        break;
                    case TypeDeclarationSyntax nested:
                        VisitType(nested);
                        break;
                }
            }
        }

        private static bool HasProfileAttribute(SyntaxList<AttributeListSyntax> lists)
        {
            foreach (AttributeListSyntax list in lists)
            {
                foreach (AttributeSyntax attribute in list.Attributes)
                {
                    if (IsProfileName(LastIdentifier(attribute.Name)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool IsProfileName(string? name) => name is "Profile" or "ProfileAttribute";

        private static string? LastIdentifier(TypeSyntax name) => name switch
        {
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
            AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
            _ => null,
        };
    }
}
