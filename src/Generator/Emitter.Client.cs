using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using WeChat.OfficialAccount.Generator.Model;

namespace WeChat.OfficialAccount.Generator
{
    internal static partial class Emitter
    {
        private const string Http = "global::WeChat.OfficialAccount.Http";
        private const string Token = "global::System.Threading.CancellationToken";
        private const string Task = "global::System.Threading.Tasks.Task";

        /// <summary>Emits one client group: a method per endpoint that describes the call and hands it to the runtime.</summary>
        public static string EmitApiGroup(ApiGroupModel group, bool addToClient)
        {
            var w = new SourceWriter();
            WriteHeader(w);
            w.Open($"namespace {group.Namespace}");
            w.Line($"/// <summary>The <c>{Doc(group.Area)}</c> endpoints of the Official Account API.</summary>");
            w.Line(GeneratedCodeAttribute);
            w.Open($"public sealed partial class {group.Client}Api");
            w.Line($"private readonly {Http}.WeChatApiClient _client;");
            w.Line();
            w.Line($"/// <summary>Creates the group over a client; normally reached as <c>client.{group.Client}</c>.</summary>");
            w.Line($"public {group.Client}Api({Http}.WeChatApiClient client)");
            w.Line("{");
            w.Line("    _client = client ?? throw new global::System.ArgumentNullException(nameof(client));");
            w.Line("}");
            foreach (EndpointModel endpoint in group.Endpoints)
            {
                w.Line();
                w.Line($"private static readonly {Http}.WeChatEndpoint {endpoint.Name}Endpoint = new({Literal(endpoint.Method)}, {Literal(endpoint.Host)}, {Literal(endpoint.Path)}, {Http}.WeChatAuth.{endpoint.Auth});");
                w.Line();
                WriteEndpointMethod(w, endpoint);
                if (endpoint.Paging is not null)
                {
                    w.Line();
                    WritePagingMethod(w, endpoint, endpoint.Paging);
                }
            }

            w.Close();
            w.Close();
            if (addToClient)
            {
                w.Line();
                w.Open("namespace WeChat.OfficialAccount.Http");
                w.Open("public sealed partial class WeChatApiClient");
                w.Line($"private {group.Namespace}.{group.Client}Api? _{Camel(group.Client)};");
                w.Line();
                w.Line($"/// <summary>The <c>{Doc(group.Area)}</c> endpoints.</summary>");
                w.Line($"public global::{group.Namespace}.{group.Client}Api {group.Client} => _{Camel(group.Client)} ??= new global::{group.Namespace}.{group.Client}Api(this);");
                w.Close();
                w.Close();
            }

            return w.ToString();
        }

        private static string Camel(string name)
        {
            string camel = char.ToLowerInvariant(name[0]) + name.Substring(1);
            return SyntaxFacts.GetKeywordKind(camel) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(camel) != SyntaxKind.None ? "@" + camel : camel;
        }

        private static string ParameterType(FieldModel field, bool optional)
        {
            string item = field.Kind == FieldKind.Object ? "global::WeChat.OfficialAccount.Http.WeChatJsonObject" : JsonItemType(field);
            if (field.Kind == FieldKind.Object && field.TypeName is not null)
            {
                item = field.TypeName;
            }

            return field.IsList ? $"global::System.Collections.Generic.IEnumerable<{item}>{(optional ? "?" : string.Empty)}" : item + (optional ? "?" : string.Empty);
        }

        private static List<string> Parameters(EndpointModel endpoint, bool forPaging)
        {
            var parameters = new List<string>();
            if (endpoint.Auth == EndpointAuth.OAuthAccessToken)
            {
                parameters.Add("string accessToken");
            }

            foreach (FieldModel query in endpoint.Query.Where(q => q.Required && q.Source is null))
            {
                parameters.Add($"{ParameterType(query, false)} {Camel(query.Name)}");
            }

            if (endpoint.Body == RequestBodyKind.Json)
            {
                parameters.Add($"{endpoint.RequestType} request");
            }

            if (endpoint.Body == RequestBodyKind.Text)
            {
                parameters.Add("string content");
            }

            if (endpoint.Body == RequestBodyKind.Multipart)
            {
                parameters.Add($"{Http}.WeChatUpload {Camel(endpoint.MultipartFile!)}");
                foreach (FieldModel field in endpoint.MultipartFields.Where(f => f.Required))
                {
                    parameters.Add($"{ParameterType(field, false)} {Camel(field.Name)}");
                }

                foreach (FieldModel field in endpoint.MultipartFields.Where(f => !f.Required))
                {
                    parameters.Add($"{ParameterType(field, true)} {Camel(field.Name)} = null");
                }
            }

            foreach (FieldModel query in endpoint.Query.Where(q => !q.Required && q.Source is null))
            {
                parameters.Add($"{ParameterType(query, true)} {Camel(query.Name)} = null");
            }

            if (endpoint.Response == ResponseKind.Redirect)
            {
                return parameters;
            }

            parameters.Add(forPaging
                ? $"[global::System.Runtime.CompilerServices.EnumeratorCancellation] {Token} cancellationToken = default"
                : $"{Token} cancellationToken = default");
            return parameters;
        }

        private static string ReturnType(EndpointModel endpoint) => endpoint.Response switch
        {
            ResponseKind.Binary => $"{Task}<{Http}.WeChatFile>",
            ResponseKind.BinaryOrJson => $"{Task}<{Http}.WeChatFileOrJson<{endpoint.ResponseType}>>",
            _ => endpoint.ResponseType is null ? Task : $"{Task}<{endpoint.ResponseType}>",
        };

        private static void WriteEndpointMethod(SourceWriter w, EndpointModel endpoint)
        {
            w.Line($"/// <summary>{Doc(endpoint.Doc)}</summary>");
            w.Line($"/// <remarks><c>{endpoint.Method} {Doc(endpoint.Path)}</c> — <see href=\"{Doc(endpoint.DocUrl)}\">official documentation</see>.</remarks>");
            if (endpoint.Response == ResponseKind.Redirect)
            {
                w.Line("/// <returns>The URL to send the user's browser to; nothing is called.</returns>");
                w.Open($"public string {endpoint.Name}Url({string.Join(", ", Parameters(endpoint, false))})");
            }
            else
            {
                w.Line($"/// <exception cref=\"{Http}.WeChatApiException\">The platform answered with a non-zero errcode.</exception>");
                w.Line($"/// <exception cref=\"{Http}.WeChatHttpException\">The call failed on the network or with an unexpected HTTP answer.</exception>");
                w.Open($"public {ReturnType(endpoint)} {endpoint.Name}Async({string.Join(", ", Parameters(endpoint, false))})");
            }

            if (endpoint.Body == RequestBodyKind.Json)
            {
                w.Line("global::System.ArgumentNullException.ThrowIfNull(request);");
            }

            w.Line($"var query = new {Http}.WeChatQuery();");
            if (endpoint.Auth == EndpointAuth.OAuthAccessToken)
            {
                w.Line("query.Add(\"access_token\", accessToken);");
            }

            foreach (FieldModel query in endpoint.Query)
            {
                if (query.Source is not null)
                {
                    w.Line($"query.AddCredential({Literal(query.Wire)}, {Http}.WeChatCredential.{(query.Source == "appId" ? "AppId" : "AppSecret")});");
                    continue;
                }

                string name = Camel(query.Name);
                if (query.Required || IsValueType(query))
                {
                    w.Line(query.Required ? $"query.Add({Literal(query.Wire)}, {name});" : $"if ({name} is not null) query.Add({Literal(query.Wire)}, {name}.Value);");
                }
                else
                {
                    w.Line($"if ({name} is not null) query.Add({Literal(query.Wire)}, {name});");
                }
            }

            if (endpoint.Response == ResponseKind.Redirect)
            {
                w.Line($"return _client.BuildUrl({endpoint.Name}Endpoint, query, {(endpoint.Fragment is null ? "null" : Literal(endpoint.Fragment))});");
                w.Close();
                return;
            }

            string body = "null";
            if (endpoint.Body == RequestBodyKind.Json)
            {
                body = "request";
            }
            else if (endpoint.Body == RequestBodyKind.Text)
            {
                w.Line("global::System.ArgumentNullException.ThrowIfNull(content);");
                body = $"new {Http}.WeChatTextBody(content)";
            }
            else if (endpoint.Body == RequestBodyKind.Multipart)
            {
                w.Line($"var form = new {Http}.WeChatMultipart({Literal(endpoint.MultipartFile!)}, {Camel(endpoint.MultipartFile!)});");
                foreach (FieldModel field in endpoint.MultipartFields)
                {
                    string name = Camel(field.Name);
                    string value = field.Kind == FieldKind.Object ? $"{name}.ToJson()" : field.Kind == FieldKind.String ? name : $"{name}.ToString()";
                    w.Line(field.Required ? $"form.Add({Literal(field.Wire)}, {value});" : $"if ({name} is not null) form.Add({Literal(field.Wire)}, {value});");
                }

                body = "form";
            }

            string call = endpoint.Response switch
            {
                ResponseKind.Binary => $"_client.DownloadAsync({endpoint.Name}Endpoint, query, {body}, cancellationToken)",
                ResponseKind.BinaryOrJson => $"_client.DownloadOrJsonAsync<{endpoint.ResponseType}>({endpoint.Name}Endpoint, query, {body}, cancellationToken)",
                _ => endpoint.ResponseType is null
                    ? $"_client.SendAsync({endpoint.Name}Endpoint, query, {body}, cancellationToken)"
                    : $"_client.SendAsync<{endpoint.ResponseType}>({endpoint.Name}Endpoint, query, {body}, cancellationToken)",
            };
            w.Line($"return {call};");
            w.Close();
        }

        private static void WritePagingMethod(SourceWriter w, EndpointModel endpoint, PagingModel paging)
        {
            string[] segments = paging.ItemsPath.Split('.');
            string items = "page." + segments[0] + string.Concat(segments.Skip(1).Select(s => "?." + s));
            string arguments = string.Join(", ", Parameters(endpoint, false).Select(p => p.Split(' ')[p.Split(' ').Length - (p.Contains(" = ") ? 3 : 1)]));
            w.Line($"/// <summary>{Doc(endpoint.Doc)} Walks every page and yields each entry.</summary>");
            w.Line($"/// <remarks>Calls <see cref=\"{endpoint.Name}Async\"/> until the platform returns an empty page{(paging.IsCursor ? " or no next cursor" : " or the total is reached")}.</remarks>");
            w.Open($"public async global::System.Collections.Generic.IAsyncEnumerable<{paging.ItemType}> {endpoint.Name}AllAsync({string.Join(", ", Parameters(endpoint, true))})");
            string? offsetVariable = paging.IsCursor ? null : paging.OffsetInQuery ? Camel(paging.Offset!) : $"request.{paging.Offset}";
            if (offsetVariable is not null)
            {
                w.Line($"int offset = {offsetVariable}{(paging.OffsetNullable ? " ?? 0" : string.Empty)};");
            }

            w.Open("while (true)");
            if (offsetVariable is not null)
            {
                w.Line($"{offsetVariable} = offset;");
            }

            // One page: fetch, stop on an empty page, yield its entries; then move the cursor or the offset.
            w.Line($"var page = await {endpoint.Name}Async({arguments}).ConfigureAwait(false);");
            w.Line($"var entries = {items};");
            w.Open("if (entries is null || entries.Count == 0)");
            w.Line("yield break;");
            w.Close();
            w.Line();
            w.Open("foreach (var entry in entries)");
            w.Line("yield return entry;");
            w.Close();
            w.Line();
            if (paging.IsCursor)
            {
                string cursorVariable = paging.CursorInQuery ? Camel(paging.Cursor!) : $"request.{paging.Cursor}";
                w.Line($"{cursorVariable} = page.{paging.NextCursor};");
                w.Open($"if (string.IsNullOrEmpty({cursorVariable}?.ToString()))");
                w.Line("yield break;");
                w.Close();
            }
            else
            {
                w.Line("offset += entries.Count;");
                if (paging.Total is not null)
                {
                    w.Open($"if (page.{paging.Total} is {{ }} total && offset >= total)");
                    w.Line("yield break;");
                    w.Close();
                }
            }

            w.Close();
            w.Close();
        }
    }
}
