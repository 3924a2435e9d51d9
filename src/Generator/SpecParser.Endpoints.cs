using System;
using System.Collections.Generic;
using WeChat.OfficialAccount.Generator.Json;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    internal sealed partial class SpecParser
    {
        private static readonly string[] EndpointFileProperties = { "$schema", "kind", "namespace", "area", "client", "endpoints", "types" };
        private static readonly string[] EndpointProperties = { "name", "method", "path", "host", "auth", "query", "request", "response", "paging", "fragment", "doc", "docUrl", "example" };
        private static readonly string[] JsonFieldProperties = { "wire", "name", "type", "ref", "list", "required", "source", "doc" };
        private static readonly string[] RequestProperties = { "body", "type", "file", "fields" };
        private static readonly string[] ResponseProperties = { "kind", "type" };
        private static readonly string[] PagingProperties = { "style", "items", "cursor", "nextCursor", "offset", "count", "total" };

        private void ParseEndpointsFile(JsonObject file, List<TypeSpec> types)
        {
            CheckProperties(file, EndpointFileProperties, "an endpoints file");
            JsonString? ns = RequiredString(file, "namespace", "an endpoints file");
            JsonString? area = RequiredString(file, "area", "an endpoints file");
            JsonString? client = RequiredString(file, "client", "an endpoints file");
            if (ns is null || area is null || client is null)
            {
                return;
            }

            if (!IsValidNamespace(ns.Value))
            {
                Report(DiagnosticDescriptors.InvalidIdentifier, ns, ns.Value, "namespace");
            }

            CheckIdentifier(client, "client group name");
            var endpoints = new List<EndpointSpec>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonObject node in ObjectsOf(file, "endpoints", required: true))
            {
                EndpointSpec? endpoint = ParseEndpoint(node);
                if (endpoint is null)
                {
                    continue;
                }

                if (!names.Add(endpoint.Name))
                {
                    Report(DiagnosticDescriptors.DuplicateName, endpoint.Location, endpoint.Name, "is declared more than once in this file");
                }

                endpoints.Add(endpoint);
            }

            foreach (JsonObject node in ObjectsOf(file, "types", required: false))
            {
                TypeSpec? type = ParseType(node, SpecKind.JsonObject, ns.Value, null);
                if (type is not null)
                {
                    types.Add(type);
                }
            }

            var typeNames = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
            foreach (TypeSpec type in types)
            {
                CheckUniqueName(typeNames, type.Name, type.Location);
            }

            _api = new ApiGroupSpec(ns.Value, area.Value, client.Value, new EquatableArray<EndpointSpec>(endpoints), Locate(client));
        }

        private EndpointSpec? ParseEndpoint(JsonObject node)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            CheckProperties(node, EndpointProperties, "an endpoint");
            JsonString? name = RequiredString(node, "name", "an endpoint");
            JsonString? method = RequiredString(node, "method", "an endpoint");
            JsonString? path = RequiredString(node, "path", "an endpoint");
            JsonString? auth = RequiredString(node, "auth", "an endpoint");
            JsonString? doc = RequiredString(node, "doc", "an endpoint");
            JsonString? docUrl = RequiredString(node, "docUrl", "an endpoint");
            JsonString? host = OptionalString(node, "host");
            if (name is null || method is null || path is null || auth is null)
            {
                return null;
            }

            CheckIdentifier(name, "C# method name");
            if (method.Value is not ("GET" or "POST"))
            {
                Report(DiagnosticDescriptors.InvalidPropertyValue, method, "method", "GET or POST");
            }

            if (!path.Value.StartsWith("/", StringComparison.Ordinal))
            {
                Report(DiagnosticDescriptors.InvalidPropertyValue, path, "path", "a path starting with /");
            }

            EndpointAuth authKind = auth.Value switch
            {
                "access_token" => EndpointAuth.AccessToken,
                "appid_secret" => EndpointAuth.AppIdSecret,
                "oauth_access_token" => EndpointAuth.OAuthAccessToken,
                "none" => EndpointAuth.None,
                _ => (EndpointAuth)(-1),
            };
            if ((int)authKind < 0)
            {
                Report(DiagnosticDescriptors.InvalidPropertyValue, auth, "auth", "access_token, appid_secret, oauth_access_token or none");
            }

            var query = new List<FieldSpec>();
            foreach (JsonObject field in ObjectsOf(node, "query", required: false))
            {
                if (ParseJsonField(field) is { } parsed)
                {
                    query.Add(parsed);
                }
            }

            var multipartFields = new List<FieldSpec>();
            RequestBodyKind body = RequestBodyKind.None;
            string? requestType = null, file = null;
            if (RequiredObject(node, "request", "an endpoint") is { } request)
            {
                CheckProperties(request, RequestProperties, "a request");
                JsonString? bodyNode = RequiredString(request, "body", "a request");
                body = bodyNode?.Value switch
                {
                    "json" => RequestBodyKind.Json,
                    "multipart" => RequestBodyKind.Multipart,
                    "text" => RequestBodyKind.Text,
                    _ => RequestBodyKind.None,
                };
                if (bodyNode is not null && bodyNode.Value is not ("none" or "json" or "multipart" or "text"))
                {
                    Report(DiagnosticDescriptors.InvalidPropertyValue, bodyNode, "body", "none, json, multipart or text");
                }

                requestType = OptionalIdentifier(request, "type");
                file = OptionalString(request, "file")?.Value;
                foreach (JsonObject field in ObjectsOf(request, "fields", required: false))
                {
                    if (ParseJsonField(field) is { } parsed)
                    {
                        multipartFields.Add(parsed);
                    }
                }

                if (body == RequestBodyKind.Json && requestType is null)
                {
                    Report(DiagnosticDescriptors.MissingProperty, request, "type", "a JSON request");
                }

                if (body == RequestBodyKind.Multipart && file is null)
                {
                    Report(DiagnosticDescriptors.MissingProperty, request, "file", "a multipart request");
                }
            }

            ResponseKind response = ResponseKind.Json;
            string? responseType = null;
            if (RequiredObject(node, "response", "an endpoint") is { } responseNode)
            {
                CheckProperties(responseNode, ResponseProperties, "a response");
                JsonString? kind = RequiredString(responseNode, "kind", "a response");
                response = kind?.Value switch
                {
                    "binary" => ResponseKind.Binary,
                    "binary_or_json" => ResponseKind.BinaryOrJson,
                    "redirect" => ResponseKind.Redirect,
                    _ => ResponseKind.Json,
                };
                if (kind is not null && kind.Value is not ("json" or "binary" or "binary_or_json" or "redirect"))
                {
                    Report(DiagnosticDescriptors.InvalidPropertyValue, kind, "kind", "json, binary, binary_or_json or redirect");
                }

                responseType = OptionalIdentifier(responseNode, "type");
                if (response == ResponseKind.BinaryOrJson && responseType is null)
                {
                    Report(DiagnosticDescriptors.MissingProperty, responseNode, "type", "a binary_or_json response");
                }
            }

            PagingSpec? paging = null;
            if (node.Find("paging")?.Value is JsonObject pagingNode)
            {
                CheckProperties(pagingNode, PagingProperties, "paging");
                JsonString? style = RequiredString(pagingNode, "style", "paging");
                JsonString? items = RequiredString(pagingNode, "items", "paging");
                if (style is not null && items is not null)
                {
                    bool isCursor = style.Value == "cursor";
                    if (!isCursor && style.Value != "offset")
                    {
                        Report(DiagnosticDescriptors.InvalidPropertyValue, style, "style", "cursor or offset");
                    }

                    paging = new PagingSpec(
                        isCursor,
                        items.Value,
                        OptionalString(pagingNode, "cursor")?.Value,
                        OptionalString(pagingNode, "nextCursor")?.Value,
                        OptionalString(pagingNode, "offset")?.Value,
                        OptionalString(pagingNode, "count")?.Value,
                        OptionalString(pagingNode, "total")?.Value);
                    if (isCursor ? paging.Cursor is null || paging.NextCursor is null : paging.Offset is null || paging.Count is null)
                    {
                        Report(DiagnosticDescriptors.MissingProperty, pagingNode, isCursor ? "cursor and nextCursor" : "offset and count", "paging");
                    }
                }
            }

            if (response == ResponseKind.Redirect && (method.Value != "GET" || body != RequestBodyKind.None || query.Exists(q => q.Source == "appSecret")))
            {
                Report(DiagnosticDescriptors.InvalidPropertyValue, name, "a redirect endpoint", "a GET without a body whose URL never carries the AppSecret");
            }

            return new EndpointSpec(
                name.Value,
                method.Value,
                host?.Value ?? "api.weixin.qq.com",
                path.Value,
                authKind,
                new EquatableArray<FieldSpec>(query),
                body,
                requestType,
                file,
                new EquatableArray<FieldSpec>(multipartFields),
                response,
                responseType,
                paging,
                doc?.Value ?? string.Empty,
                docUrl?.Value ?? string.Empty,
                Locate(name))
            {
                Fragment = OptionalString(node, "fragment")?.Value,
            };
        }

        private FieldSpec? ParseJsonField(JsonObject node)
        {
            if (ParseFieldHead(node, JsonFieldProperties, json: true) is not { } head)
            {
                return null;
            }

            bool isList = OptionalBool(node, "list") ?? false;
            bool required = OptionalBool(node, "required") ?? false;
            JsonString? source = OptionalString(node, "source");
            if (source is not null && source.Value is not ("appId" or "appSecret"))
            {
                Report(DiagnosticDescriptors.InvalidPropertyValue, source, "source", "appId or appSecret");
            }

            return new FieldSpec(head.Wire.Value, head.Name.Value, head.Kind, head.Reference?.Value, isList, null, null, required, head.Doc, Locate(head.Name))
            {
                Source = source?.Value,
            };
        }

        private JsonObject? RequiredObject(JsonObject node, string property, string where)
        {
            JsonProperty? found = node.Find(property);
            if (found is null)
            {
                Report(DiagnosticDescriptors.MissingProperty, node, property, where);
                return null;
            }

            if (found.Value is JsonObject value)
            {
                return value;
            }

            Report(DiagnosticDescriptors.InvalidPropertyValue, found.Value, property, "an object");
            return null;
        }

        private string? OptionalIdentifier(JsonObject node, string property)
        {
            JsonString? value = OptionalString(node, property);
            if (value is not null)
            {
                CheckIdentifier(value, "type reference");
            }

            return value?.Value;
        }
    }
}
