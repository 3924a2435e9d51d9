using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Http;

namespace WeChat.OfficialAccount.Tests.Http
{
    /// <summary>
    /// Every endpoint of the spec, driven by its recorded example against the fake server on 127.0.0.1: the request the
    /// server saw (method, path, query, exact JSON body or multipart parts) and the typed response are both checked.
    /// </summary>
    public sealed class EndpointExampleTests : IAsyncLifetime
    {
        private const string AppId = "wx_test_appid";
        private const string AppSecret = "test_secret";
        private static readonly byte[] UploadBytes = Encoding.ASCII.GetBytes("\u00ff\u00d8fake-jpeg-bytes");
        private static readonly MethodInfo FromJsonString = typeof(WeChatJsonObject).GetMethods()
            .Single(m => m.Name == nameof(WeChatJsonObject.FromJson) && m.GetParameters()[0].ParameterType == typeof(string));

        private FakeWeChatServer _server = null!;

        public static TheoryData<string> Endpoints()
        {
            var data = new TheoryData<string>();
            foreach ((string file, JsonElement endpoint) in EndpointSpecs.All())
            {
                data.Add(file + "#" + endpoint.GetProperty("name").GetString());
            }

            return data;
        }

        public async Task InitializeAsync() => _server = await FakeWeChatServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        [Fact]
        public void Every_endpoint_file_is_covered_and_the_count_is_the_issue_scope()
        {
            Assert.Equal(156, EndpointSpecs.All().Count());
        }

        [Theory]
        [MemberData(nameof(Endpoints))]
        public async Task Endpoint_sends_its_example_and_reads_the_typed_response(string id)
        {
            (JsonElement file, JsonElement endpoint) = EndpointSpecs.Find(id);
            JsonElement example = endpoint.GetProperty("example");
            string auth = endpoint.GetProperty("auth").GetString()!;
            string method = endpoint.GetProperty("method").GetString()!;
            string kind = endpoint.GetProperty("response").GetProperty("kind").GetString()!;
            string? contentType = example.TryGetProperty("responseContentType", out JsonElement ct) ? ct.GetString() : null;
            bool answersFile = kind != "json" && contentType is not null && !contentType.Contains("json", StringComparison.Ordinal);
            byte[] fileBytes = Encoding.ASCII.GetBytes("file-bytes-" + id);
            _server.TokenCallsAreEndpointCalls = file.GetProperty("client").GetString() == "Token";
            _server.Handler = _ => Task.FromResult(answersFile
                ? new FakeResponse(200, contentType!, fileBytes, "download.bin")
                : FakeResponse.Json(example.TryGetProperty("response", out JsonElement r) ? r.GetRawText() : "{\"errcode\":0,\"errmsg\":\"ok\"}"));

            using var http = new HttpClient();
            var client = new WeChatApiClient(http, new WeChatApiClientOptions { AppId = AppId, AppSecret = AppSecret, ResolveHost = _ => _server.BaseAddress });
            object group = typeof(WeChatApiClient).GetProperty(file.GetProperty("client").GetString()!)!.GetValue(client)!;
            if (kind == "redirect")
            {
                MethodInfo build = group.GetType().GetMethod(endpoint.GetProperty("name").GetString() + "Url")!;
                string url = (string)build.Invoke(group, build.GetParameters().Select(p => Argument(p, endpoint, example)).ToArray())!;
                AssertRedirect(url, endpoint, example);
                Assert.Empty(_server.Requests);
                return;
            }

            MethodInfo call = group.GetType().GetMethod(endpoint.GetProperty("name").GetString() + "Async")!;
            object?[] arguments = call.GetParameters().Select(p => Argument(p, endpoint, example)).ToArray();

            foreach (WeChatJsonObject argument in arguments.OfType<WeChatJsonObject>())
            {
                Assert.Null(Undeclared(argument, "request"));
            }

            object? result = await Await((Task)call.Invoke(group, arguments)!, call.ReturnType);

            RecordedRequest request = Assert.Single(_server.Requests);
            AssertRequest(request, endpoint, example, auth, method);
            await AssertResponseAsync(result, kind, example, answersFile, contentType, fileBytes);
        }

        /// <summary>The path of a property the spec does not declare (kept only as extension data), or null.</summary>
        private static string? Undeclared(WeChatJsonObject value, string path)
        {
            if (value.ExtensionData.Count > 0)
            {
                return path + "." + string.Join(",", value.ExtensionData.Keys);
            }

            foreach (PropertyInfo property in value.GetType().GetProperties().Where(p => p.GetIndexParameters().Length == 0))
            {
                object? child = property.GetValue(value);
                IEnumerable<object?> children = child is System.Collections.IEnumerable list and not string ? list.Cast<object?>() : new[] { child };
                foreach (WeChatJsonObject nested in children.OfType<WeChatJsonObject>())
                {
                    if (Undeclared(nested, path + "." + property.Name) is { } found)
                    {
                        return found;
                    }
                }
            }

            return null;
        }

        private static async Task<object?> Await(Task task, Type declared)
        {
            await task;
            return declared.IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
        }

        private static object? Argument(ParameterInfo parameter, JsonElement endpoint, JsonElement example)
        {
            if (parameter.ParameterType == typeof(CancellationToken))
            {
                return CancellationToken.None;
            }

            if (parameter.Name == "accessToken")
            {
                return "OAUTH_TOKEN";
            }

            if (parameter.ParameterType == typeof(WeChatUpload))
            {
                return new WeChatUpload(new MemoryStream(UploadBytes), "upload.jpg", "image/jpeg");
            }

            if (parameter.Name == "content" && parameter.ParameterType == typeof(string) && example.TryGetProperty("requestText", out JsonElement requestText))
            {
                return requestText.GetString();
            }

            if (parameter.Name == "request")
            {
                MethodInfo fromJson = FromJsonString.MakeGenericMethod(parameter.ParameterType);
                return fromJson.Invoke(null, new object[] { example.GetProperty("request").GetRawText() });
            }

            // Query parameters and multipart text fields: find the field whose C# name matches the parameter.
            JsonElement? field = FindField(endpoint, parameter.Name!.TrimStart('@'));
            if (field is not { } f)
            {
                throw new InvalidOperationException($"parameter {parameter.Name} matches no query or form field");
            }

            string wire = f.GetProperty("wire").GetString()!;
            JsonElement source = example.TryGetProperty("query", out JsonElement q) && q.TryGetProperty(wire, out JsonElement inQuery) ? inQuery
                : example.TryGetProperty("request", out JsonElement body) && body.TryGetProperty(wire, out JsonElement inBody) ? inBody
                : default;
            if (source.ValueKind == JsonValueKind.Undefined)
            {
                return parameter.HasDefaultValue ? null : throw new InvalidOperationException($"the example has no value for required {wire}");
            }

            Type type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
            if (typeof(WeChatJsonObject).IsAssignableFrom(type))
            {
                MethodInfo fromJson = FromJsonString.MakeGenericMethod(type);
                return fromJson.Invoke(null, new object[] { source.GetRawText() });
            }

            string text = source.ValueKind == JsonValueKind.String ? source.GetString()! : source.GetRawText();
            return type == typeof(string) ? text
                : type == typeof(int) ? int.Parse(text)
                : type == typeof(long) ? long.Parse(text)
                : type == typeof(double) ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
                : type == typeof(bool) ? text is "1" or "true"
                : throw new InvalidOperationException($"unsupported parameter type {type}");
        }

        private static JsonElement? FindField(JsonElement endpoint, string parameterName)
        {
            IEnumerable<JsonElement> fields = (endpoint.TryGetProperty("query", out JsonElement q) ? q.EnumerateArray() : Enumerable.Empty<JsonElement>())
                .Concat(endpoint.GetProperty("request").TryGetProperty("fields", out JsonElement f) ? f.EnumerateArray() : Enumerable.Empty<JsonElement>());
            foreach (JsonElement field in fields)
            {
                if (string.Equals(field.GetProperty("name").GetString(), parameterName, StringComparison.OrdinalIgnoreCase))
                {
                    return field;
                }
            }

            return null;
        }

        private static void AssertRequest(RecordedRequest request, JsonElement endpoint, JsonElement example, string auth, string method)
        {
            string path = endpoint.GetProperty("path").GetString()!;
            string fixedQuery = path.Contains('?') ? path.Substring(path.IndexOf('?') + 1) : string.Empty;
            Assert.Equal(method, request.Method);
            Assert.Equal(path.Split('?')[0], request.Path);
            var expectedQuery = new Dictionary<string, string>();
            foreach (string pair in fixedQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                expectedQuery[pair.Split('=')[0]] = Uri.UnescapeDataString(pair.Split('=')[1]);
            }

            if (example.TryGetProperty("query", out JsonElement query))
            {
                foreach (JsonProperty p in query.EnumerateObject())
                {
                    expectedQuery[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.ValueKind == JsonValueKind.True ? "1" : p.Value.ValueKind == JsonValueKind.False ? "0" : p.Value.GetRawText();
                }
            }

            AddCredentials(expectedQuery, endpoint);
            switch (auth)
            {
                case "access_token":
                    expectedQuery["access_token"] = "ACCESS_TOKEN_1";
                    break;
                case "oauth_access_token":
                    expectedQuery["access_token"] = "OAUTH_TOKEN";
                    break;
                case "appid_secret" when method == "GET":
                    expectedQuery["appid"] = AppId;
                    expectedQuery["secret"] = AppSecret;
                    break;
            }

            Assert.Equal(expectedQuery.OrderBy(p => p.Key), request.Query.OrderBy(p => p.Key));

            string bodyKind = endpoint.GetProperty("request").GetProperty("body").GetString()!;
            if (bodyKind == "json")
            {
                Assert.StartsWith("application/json", request.ContentType);
                string raw = Encoding.UTF8.GetString(request.Body);
                Assert.DoesNotContain("\\u", raw); // Chinese and other non-ASCII text goes out as raw UTF-8
                using JsonDocument expected = JsonDocument.Parse(ExpectedBody(example.GetProperty("request"), auth));
                using JsonDocument actual = JsonDocument.Parse(request.Body);
                Assert.Null(JsonEquivalence.Difference(expected.RootElement, actual.RootElement, allowNumberAsString: false));
            }
            else if (bodyKind == "text")
            {
                Assert.StartsWith("text/plain", request.ContentType);
                Assert.Equal(example.GetProperty("requestText").GetString(), Encoding.UTF8.GetString(request.Body));
            }
            else if (bodyKind == "multipart")
            {
                Assert.StartsWith("multipart/form-data", request.ContentType);
                string raw = Encoding.Latin1.GetString(request.Body);
                string file = endpoint.GetProperty("request").GetProperty("file").GetString()!;
                Assert.Contains($"name={file}; filename=upload.jpg", raw);
                Assert.Contains(Encoding.Latin1.GetString(UploadBytes), raw);
                if (example.TryGetProperty("request", out JsonElement fields))
                {
                    foreach (JsonProperty field in fields.EnumerateObject())
                    {
                        Assert.Contains($"name={field.Name}", raw);
                    }
                }
            }
            else
            {
                Assert.Empty(request.Body);
            }
        }

        private static void AddCredentials(Dictionary<string, string> expectedQuery, JsonElement endpoint)
        {
            if (!endpoint.TryGetProperty("query", out JsonElement fields))
            {
                return;
            }

            foreach (JsonElement field in fields.EnumerateArray())
            {
                if (field.TryGetProperty("source", out JsonElement source))
                {
                    expectedQuery[field.GetProperty("wire").GetString()!] = source.GetString() == "appId" ? AppId : AppSecret;
                }
            }
        }

        private static void AssertRedirect(string url, JsonElement endpoint, JsonElement example)
        {
            var uri = new Uri(url);
            string host = endpoint.GetProperty("host").GetString()!;
            Assert.Equal("https", uri.Scheme);
            Assert.Equal(host, uri.Host);
            Assert.Equal(endpoint.GetProperty("path").GetString(), uri.AbsolutePath);
            Assert.Equal(endpoint.TryGetProperty("fragment", out JsonElement fragment) ? "#" + fragment.GetString() : string.Empty, uri.Fragment);
            var expected = new Dictionary<string, string>();
            foreach (JsonProperty p in example.GetProperty("query").EnumerateObject())
            {
                expected[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
            }

            AddCredentials(expected, endpoint);
            Assert.DoesNotContain(AppSecret, url);
            var actual = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p[1]));
            Assert.Equal(expected.OrderBy(p => p.Key), actual.OrderBy(p => p.Key));
        }

        private static string ExpectedBody(JsonElement request, string auth)
        {
            if (auth != "appid_secret")
            {
                return request.GetRawText();
            }

            var merged = new Dictionary<string, JsonElement> { ["appid"] = JsonDocument.Parse($"\"{AppId}\"").RootElement, ["secret"] = JsonDocument.Parse($"\"{AppSecret}\"").RootElement };
            foreach (JsonProperty p in request.EnumerateObject())
            {
                merged[p.Name] = p.Value;
            }

            return JsonSerializer.Serialize(merged);
        }

        private static async Task AssertResponseAsync(object? result, string kind, JsonElement example, bool answersFile, string? contentType, byte[] fileBytes)
        {
            if (answersFile)
            {
                WeChatFile file = result as WeChatFile ?? (WeChatFile)result!.GetType().GetProperty("File")!.GetValue(result)!;
                Assert.Equal(contentType, file.ContentType);
                Assert.Equal(fileBytes, await file.ReadAllBytesAsync());
                Assert.Equal("download.bin", file.FileName);
                return;
            }

            object? typed = kind == "binary_or_json" ? result!.GetType().GetProperty("Json")!.GetValue(result) : result;
            if (typed is null)
            {
                return; // a call whose response carries only errcode/errmsg
            }

            var expected = new Dictionary<string, JsonElement>();
            foreach (JsonProperty p in example.GetProperty("response").EnumerateObject())
            {
                if (p.Name is not ("errcode" or "errmsg"))
                {
                    expected[p.Name] = p.Value;
                }
            }

            Assert.Null(Undeclared((WeChatJsonObject)typed, "response"));
            using JsonDocument expectedJson = JsonDocument.Parse(JsonSerializer.Serialize(expected));
            using JsonDocument actual = JsonDocument.Parse(((WeChatJsonObject)typed).ToJson());
            Assert.Null(JsonEquivalence.Difference(expectedJson.RootElement, actual.RootElement));
        }
    }
}
