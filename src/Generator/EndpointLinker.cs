using System;
using System.Collections.Generic;
using System.Linq;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    /// <summary>Resolves an endpoints file's request/response types and paging paths against every JSON type.</summary>
    internal static class EndpointLinker
    {
        public static ApiGroupModel Link(
            ApiGroupSpec api,
            Dictionary<(string Namespace, string Name), (bool IsEnum, bool EnumIsInt, SpecKind Kind)> declarations,
            List<TypeModel> types,
            List<DiagnosticInfo> diagnostics)
        {
            var endpoints = new List<EndpointModel>();
            foreach (EndpointSpec endpoint in api.Endpoints)
            {
                string? request = ResolveType(endpoint.RequestType, api.Namespace, types, endpoint, diagnostics);
                string? response = ResolveType(endpoint.ResponseType, api.Namespace, types, endpoint, diagnostics);
                var multipart = endpoint.MultipartFields.Select(f => ToModel(f, f.Ref is null ? null : ResolveType(f.Ref, api.Namespace, types, endpoint, diagnostics))).ToList();
                PagingModel? paging = endpoint.Paging is { } p ? LinkPaging(p, endpoint, api.Namespace, types, diagnostics) : null;
                endpoints.Add(new EndpointModel(
                    endpoint.Name,
                    endpoint.Method,
                    endpoint.Host,
                    endpoint.Path,
                    endpoint.Auth,
                    new EquatableArray<FieldModel>(endpoint.Query.Select(q => ToModel(q, null))),
                    endpoint.Body,
                    request,
                    endpoint.MultipartFile,
                    new EquatableArray<FieldModel>(multipart),
                    endpoint.Response,
                    response,
                    paging,
                    endpoint.Doc,
                    endpoint.DocUrl)
                {
                    Fragment = endpoint.Fragment,
                });
            }

            return new ApiGroupModel(api.Namespace, api.Area, api.Client, new EquatableArray<EndpointModel>(endpoints));
        }

        private static FieldModel ToModel(FieldSpec field, string? typeName) =>
            new(field.Wire, field.Name, field.Kind, typeName, false, field.IsList, null, null, field.Required, field.Doc, -1) { Source = field.Source };

        private static string? ResolveType(string? name, string ns, List<TypeModel> types, EndpointSpec endpoint, List<DiagnosticInfo> diagnostics)
        {
            if (name is null)
            {
                return null;
            }

            TypeModel? found = types.FirstOrDefault(t => t.Kind == SpecKind.JsonObject && t.Name == name && t.Namespace == ns)
                ?? types.SingleOrDefault(t => t.Kind == SpecKind.JsonObject && t.Name == name);
            if (found is null)
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.UnresolvedReference.Id, new EquatableArray<string>(new[] { name, $"(used by endpoint '{endpoint.Name}') is not a JSON type from a 'types' list" }), endpoint.Location));
                return null;
            }

            return SpecLinker.Qualified(found.Namespace, found.Name);
        }

        private static PagingModel? LinkPaging(PagingSpec paging, EndpointSpec endpoint, string ns, List<TypeModel> types, List<DiagnosticInfo> diagnostics)
        {
            TypeModel? Find(string? qualifiedOrName) => qualifiedOrName is null ? null
                : types.FirstOrDefault(t => t.Kind == SpecKind.JsonObject && (SpecLinker.Qualified(t.Namespace, t.Name) == qualifiedOrName || (t.Name == qualifiedOrName && t.Namespace == ns)));

            string? Problem(string what) 
            {
                diagnostics.Add(new DiagnosticInfo(DiagnosticDescriptors.InvalidListShape.Id, new EquatableArray<string>(new[] { endpoint.Name, "paging: " + what }), endpoint.Location));
                return null;
            }

            TypeModel? response = Find(endpoint.ResponseType);
            if (response is null)
            {
                Problem("a paged endpoint needs a JSON response type");
                return null;
            }

            // Walk Items (e.g. Data.OpenId) through the response type down to a list field.
            TypeModel current = response;
            FieldModel? last = null;
            string[] segments = paging.Items.Split('.');
            for (int i = 0; i < segments.Length; i++)
            {
                last = current.Fields.FirstOrDefault(f => f.Name == segments[i]);
                if (last is null)
                {
                    Problem($"'{segments[i]}' is not a field of {current.Name}");
                    return null;
                }

                if (i < segments.Length - 1)
                {
                    TypeModel? next = last.Kind == FieldKind.Object && !last.IsList ? Find(last.TypeName) : null;
                    if (next is null)
                    {
                        Problem($"'{segments[i]}' is not a nested object");
                        return null;
                    }

                    current = next;
                }
            }

            if (last is null || !last.IsList)
            {
                Problem($"'{paging.Items}' is not a list");
                return null;
            }

            string itemType = JsonTypeNames.ItemType(last);
            bool cursorInQuery = false, offsetInQuery = false, offsetNullable = false;
            if (paging.IsCursor)
            {
                cursorInQuery = endpoint.Query.Any(q => q.Name == paging.Cursor);
                TypeModel? request = Find(endpoint.RequestType);
                if (!cursorInQuery && (request is null || request.Fields.All(f => f.Name != paging.Cursor)))
                {
                    Problem($"cursor '{paging.Cursor}' is neither a query field nor a request field");
                    return null;
                }

                if (response.Fields.All(f => f.Name != paging.NextCursor))
                {
                    Problem($"nextCursor '{paging.NextCursor}' is not a field of {response.Name}");
                    return null;
                }
            }
            else
            {
                TypeModel? request = Find(endpoint.RequestType);
                bool inQuery = endpoint.Query.Any(q => q.Name == paging.Offset) && endpoint.Query.Any(q => q.Name == paging.Count);
                bool inBody = request is not null && request.Fields.Any(f => f.Name == paging.Offset) && request.Fields.Any(f => f.Name == paging.Count);
                if (!inQuery && !inBody)
                {
                    Problem($"offset '{paging.Offset}' and count '{paging.Count}' must both be query fields or both be fields of the JSON request");
                    return null;
                }

                if (paging.Total is not null && response.Fields.All(f => f.Name != paging.Total))
                {
                    Problem($"total '{paging.Total}' is not a field of {response.Name}");
                    return null;
                }

                offsetInQuery = inQuery;
                offsetNullable = inQuery
                    ? !endpoint.Query.First(q => q.Name == paging.Offset).Required
                    : !request!.Fields.First(f => f.Name == paging.Offset).Required;
            }

            bool totalNullable = paging.Total is not null && !response.Fields.First(f => f.Name == paging.Total).Required;
            return new PagingModel(paging.IsCursor, paging.Items, itemType, paging.Cursor, cursorInQuery, paging.NextCursor, paging.Offset, paging.Count, paging.Total, offsetNullable, totalNullable, offsetInQuery);
        }
    }
}
