using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    /// <summary>
    /// The one cross-file step: resolves object/enum references, rejects duplicate names and dispatch keys, and
    /// produces ready-to-emit models. If any spec file or link rule has an error, nothing is emitted at all.
    /// </summary>
    internal static class SpecLinker
    {
        public static LinkedSpecs Link(ImmutableArray<SpecFile> files, CancellationToken cancellationToken)
        {
            var diagnostics = new List<DiagnosticInfo>();
            bool parseFailed = files.Any(f => f.Diagnostics.Any(IsError));
            IEnumerable<SpecFile> ordered = files.OrderBy(f => f.Path, StringComparer.Ordinal);

            // Declarations by name; the first (by path) wins, later ones are duplicates.
            var declarations = new Dictionary<(string Namespace, string Name), (bool IsEnum, bool EnumIsInt, SpecKind Kind)>();
            var byName = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var types = new List<TypeSpec>();
            var enums = new List<EnumSpec>();
            foreach (SpecFile file in ordered)
            {
                foreach (TypeSpec type in file.Types)
                {
                    if (Declare(declarations, byName, type.Namespace, type.Name, false, false, type.Kind, type.Location, diagnostics))
                    {
                        types.Add(type);
                    }
                }

                foreach (EnumSpec spec in file.Enums)
                {
                    if (Declare(declarations, byName, spec.Namespace, spec.Name, true, spec.IsInt, SpecKind.Object, spec.Location, diagnostics))
                    {
                        enums.Add(spec);
                    }
                }
            }

            var objects = new Dictionary<string, List<TypeSpec>>(StringComparer.Ordinal);
            foreach (TypeSpec type in types.Where(t => t.Kind == SpecKind.Object))
            {
                if (!objects.TryGetValue(type.Name, out List<TypeSpec>? sameName))
                {
                    objects[type.Name] = sameName = new List<TypeSpec>();
                }

                sameName.Add(type);
            }

            var typeModels = new List<TypeModel>();
            var dispatch = new List<DispatchEntry>();
            var keys = new Dictionary<(SpecKind, string), string>();
            foreach (TypeSpec type in types)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var fields = new List<FieldModel>();
                int bit = 0;
                foreach (FieldSpec field in type.Fields)
                {
                    string? typeName = null;
                    bool enumIsInt = false;
                    if (field.Ref is not null)
                    {
                        typeName = Resolve(declarations, byName, type.Namespace, field, type.Kind == SpecKind.JsonObject, out enumIsInt, diagnostics);
                    }

                    bool single = !field.IsList || field.Item is not null;
                    fields.Add(new FieldModel(field.Wire, field.Name, field.Kind, typeName, enumIsInt, field.IsList, field.Item, field.CountOf, field.Required, field.Doc, single ? bit++ : -1));
                }

                typeModels.Add(new TypeModel(type.Kind, type.Namespace, type.Name, type.Key, type.Doc, new EquatableArray<FieldModel>(fields))
                {
                    DeduplicateBy = new EquatableArray<string>(type.DeduplicateBy.Select(path => DeduplicationExpression(type, path, objects, diagnostics)).ToArray()),
                });
                if (type.Kind != SpecKind.Object && type.Key is not null)
                {
                    string normalized = type.Key.ToUpperInvariant();
                    if (keys.TryGetValue((type.Kind, normalized), out string? existing))
                    {
                        diagnostics.Add(new DiagnosticInfo(
                            DiagnosticDescriptors.DuplicateDispatchKey.Id,
                            new EquatableArray<string>(new[] { type.Kind == SpecKind.Events ? "Event" : "MsgType", type.Key, existing }),
                            type.KeyLocation));
                    }
                    else
                    {
                        keys[(type.Kind, normalized)] = type.Name;
                        dispatch.Add(new DispatchEntry(type.Kind, type.Key, Qualified(type.Namespace, type.Name)));
                    }
                }
            }

            var groups = new List<ApiGroupModel>();
            foreach (SpecFile file in files.OrderBy(f => f.Path, StringComparer.Ordinal))
            {
                if (file.Api is { } api)
                {
                    groups.Add(EndpointLinker.Link(api, declarations, typeModels, diagnostics));
                }
            }

            bool failed = parseFailed || diagnostics.Any(IsError);
            return new LinkedSpecs(
                failed ? EquatableArray<TypeModel>.Empty : new EquatableArray<TypeModel>(typeModels.OrderBy(t => t.Namespace + "." + t.Name, StringComparer.Ordinal)),
                failed ? EquatableArray<EnumModel>.Empty : new EquatableArray<EnumModel>(enums
                    .Select(e => new EnumModel(e.Namespace, e.Name, e.IsInt, e.Doc, e.Values) { ExplicitValues = e.ExplicitValues })
                    .OrderBy(e => e.Namespace + "." + e.Name, StringComparer.Ordinal)),
                failed ? EquatableArray<DispatchEntry>.Empty : new EquatableArray<DispatchEntry>(dispatch
                    .OrderBy(d => d.Kind)
                    .ThenBy(d => d.Key, StringComparer.Ordinal)),
                new EquatableArray<DiagnosticInfo>(diagnostics))
            {
                Groups = failed ? EquatableArray<ApiGroupModel>.Empty : new EquatableArray<ApiGroupModel>(groups),
            };
        }

        private static bool IsError(DiagnosticInfo diagnostic) =>
            DiagnosticDescriptors.Find(diagnostic.Id)?.DefaultSeverity == DiagnosticSeverity.Error;

        internal static string Qualified(string ns, string name) => "global::" + ns + "." + name;

        private static bool Declare(
            Dictionary<(string, string), (bool, bool, SpecKind)> declarations,
            Dictionary<string, List<string>> byName,
            string ns,
            string name,
            bool isEnum,
            bool enumIsInt,
            SpecKind kind,
            SpecLocation location,
            List<DiagnosticInfo> diagnostics)
        {
            if (declarations.ContainsKey((ns, name)))
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.DuplicateName.Id, new EquatableArray<string>(new[] { name, $"is already declared in namespace {ns} by another spec file" }), location));
                return false;
            }

            declarations[(ns, name)] = (isEnum, enumIsInt, kind);
            if (!byName.TryGetValue(name, out List<string>? namespaces))
            {
                byName[name] = namespaces = new List<string>();
            }

            namespaces.Add(ns);
            return true;
        }

        /// <summary>
        /// The C# expression of one "deduplicateBy" entry: a field's property, or for "Outer/inner" the path through
        /// objects (<c>PublishEventInfo?.PublishId</c>), which must end at a string, number or bool. The path may pass
        /// through one list (of objects, or end at a list of values): then the expression joins every item's value
        /// (<c>WeChatMessage.JoinDeduplicationValues(Deliveries, item =&gt; item?.MsgId)</c>), since a retry repeats
        /// the whole list. The parser checked the first step; a later one that does not resolve is WXS006 at the
        /// type's name.
        /// </summary>
        private static string DeduplicationExpression(TypeSpec type, string path, Dictionary<string, List<TypeSpec>> objects, List<DiagnosticInfo> diagnostics)
        {
            string[] steps = path.Split('/');
            TypeSpec current = type;
            var expression = new List<string>();
            string? list = null;
            for (int i = 0; i < steps.Length; i++)
            {
                FieldSpec? field = current.Fields.FirstOrDefault(f => f.Wire == steps[i]);
                bool last = i == steps.Length - 1;
                bool listAllowed = field is not null && (!field.IsList || list is null);
                bool usable = listAllowed && (last ? field!.IsScalar : field!.Kind == FieldKind.Object && field.Ref is not null);
                TypeSpec? next = null;
                if (usable && !last && objects.TryGetValue(field!.Ref!, out List<TypeSpec>? candidates))
                {
                    next = candidates.FirstOrDefault(c => c.Namespace == current.Namespace) ?? (candidates.Count == 1 ? candidates[0] : null);
                }

                if (!usable || (!last && next is null))
                {
                    diagnostics.Add(new DiagnosticInfo(
                        DiagnosticDescriptors.UnresolvedReference.Id,
                        new EquatableArray<string>(new[] { path, $"in deduplicateBy of '{type.Name}' does not lead to a string, number or bool field through objects and at most one list ('{steps[i]}' in '{current.Name}')" }),
                        type.Location));
                    return string.Empty;
                }

                expression.Add(field!.Name);
                if (field.IsList)
                {
                    list = string.Join("?.", expression);
                    expression.Clear();
                    expression.Add("item");
                }

                current = next ?? current;
            }

            return list is null
                ? string.Join("?.", expression)
                : $"(global::WeChat.OfficialAccount.WeChatMessage.JoinDeduplicationValues({list}, item => {string.Join("?.", expression)}))"; // in parentheses: an interpolation hole ends its expression at a bare ':'
        }

        private static string? Resolve(
            Dictionary<(string, string), (bool IsEnum, bool EnumIsInt, SpecKind Kind)> declarations,
            Dictionary<string, List<string>> byName,
            string ns,
            FieldSpec field,
            bool json,
            out bool enumIsInt,
            List<DiagnosticInfo> diagnostics)
        {
            enumIsInt = false;
            string name = field.Ref!;
            string? resolvedNamespace = null;
            if (declarations.ContainsKey((ns, name)))
            {
                resolvedNamespace = ns;
            }
            else if (byName.TryGetValue(name, out List<string>? namespaces))
            {
                if (namespaces.Count == 1)
                {
                    resolvedNamespace = namespaces[0];
                }
                else
                {
                    diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.UnresolvedReference.Id, new EquatableArray<string>(new[] { name, "is ambiguous: it is declared in several namespaces" }), field.Location));
                    return null;
                }
            }

            if (resolvedNamespace is null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.UnresolvedReference.Id, new EquatableArray<string>(new[] { name, "does not name an object or enum declared in any spec file" }), field.Location));
                return null;
            }

            (bool isEnum, bool isInt, SpecKind kind) = declarations[(resolvedNamespace, name)];
            bool isObject = !isEnum && kind == (json ? SpecKind.JsonObject : SpecKind.Object);
            bool wantsEnum = field.Kind == FieldKind.Enum;
            string? problem = wantsEnum
                ? (isEnum ? null : "is not an enum, but the field's type is enum")
                : (isObject ? null : isEnum ? "is an enum, but the field's type is object" : json ? "is not a JSON type from a 'types' list of an endpoints file" : "is not an XML object from an 'objects' list");
            if (problem is not null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.UnresolvedReference.Id, new EquatableArray<string>(new[] { name, problem }), field.Location));
                return null;
            }

            enumIsInt = isInt;
            return Qualified(resolvedNamespace, name);
        }
    }
}
