using System;
using System.CommandLine;
using System.Globalization;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// <c>wechat verify</c>: the request WeChat sends when the account's server settings are saved (GET with
    /// <c>signature</c>, <c>timestamp</c>, <c>nonce</c>, <c>echostr</c>), checked the way WeChat checks the answer — the
    /// body must be the echostr and nothing else — and then the same request with a wrong signature, which a bot must
    /// not answer with the echostr.
    /// </summary>
    internal sealed class VerifyCommand : Command
    {
        private static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

        private readonly Option<string?> _url = new("--url")
        {
            Description = "The server URL (服务器地址) as it will be entered in the account's server settings. Required.",
        };

        private readonly Option<string?> _token = new("--token")
        {
            Description = "The Token (令牌) as it will be entered in the account's server settings; signs the request. Required.",
        };

        private readonly Option<double> _timeout = new("--timeout")
        {
            Description = "Seconds to wait for the answer; WeChat waits 5. An answer after 5 s is accepted with a warning.",
            DefaultValueFactory = _ => 5,
        };

        private readonly ToolConsole _console;

        /// <summary>Creates the command over <paramref name="console"/>.</summary>
        /// <param name="console">Receives the outcome or the error.</param>
        public VerifyCommand(ToolConsole console)
            : base("verify", "Send the URL verification request WeChat sends when the server settings are saved, check the answer is exactly the echostr, and that a wrong signature is refused.")
        {
            _console = console;
            Options.Add(_url);
            Options.Add(_token);
            Options.Add(_timeout);
            SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
        }

        private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
        {
            string? url = parseResult.GetValue(_url), token = parseResult.GetValue(_token);
            if (BotRequest.Problem(url, token, parseResult.GetValue(_timeout), "the server URL to verify") is { } problem)
            {
                return _console.Fail(problem);
            }

            var uri = new Uri(url!);
            string timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            string nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);

            // WeChat's echostr is a long decimal number (the platform's worked example: 4375120948345356249).
            string echostr = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture)
                + RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
            byte[] expected = Encoding.ASCII.GetBytes(echostr);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(parseResult.GetValue(_timeout)) };

            string signature = WeChatSignature.Compute(token!, timestamp, nonce);
            BotAnswer answer = await GetAsync(client, uri, signature, timestamp, nonce, echostr, cancellationToken).ConfigureAwait(false);
            if (Refusal(answer, echostr, expected) is { } refusal)
            {
                return _console.Fail(refusal);
            }

            // The same request signed with another Token: a bot that echoes it checks nothing.
            string forged = WeChatSignature.Compute(token + "-not-the-token", timestamp, nonce);
            BotAnswer wrong = await GetAsync(client, uri, forged, timestamp, nonce, echostr, cancellationToken).ConfigureAwait(false);
            bool echoedForged = wrong.Error is null && wrong.Body.AsSpan().SequenceEqual(expected);

            string target = uri.GetLeftPart(UriPartial.Path);
            var outcome = new StringBuilder(string.Create(
                CultureInfo.InvariantCulture,
                $"verified: {target} answered the echostr exactly, in {answer.Elapsed.TotalMilliseconds:0} ms"));
            if (!echoedForged)
            {
                outcome.Append(CultureInfo.InvariantCulture, $", and refused a wrong signature ({Describe(wrong)})");
            }

            if (uri.Port is not (80 or 443))
            {
                outcome.Append(CultureInfo.InvariantCulture, $"\nnote: WeChat itself calls only port 80 (http) or 443 (https); to save this server in the account's settings, give it a public URL on one of those that reaches port {uri.Port} here");
            }

            _console.WriteLine(outcome.ToString());
            if (answer.Elapsed > BotRequest.WeChatWait)
            {
                _console.Warn(string.Create(
                    CultureInfo.InvariantCulture,
                    $"the answer came after {answer.Elapsed.TotalSeconds:0.0} s, past the 5 s WeChat waits: WeChat would report that the request timed out"));
            }

            if (echoedForged)
            {
                _console.Warn("the bot also answered the echostr to a request with a wrong signature: it does not check the signature, so it would pass verification for any Token; check signature, timestamp and nonce against the Token (the SDK's MapWeChat does), on GET and on every push");
            }

            return ToolConsole.Success;
        }

        private static async Task<BotAnswer> GetAsync(HttpClient client, Uri url, string signature, string timestamp, string nonce, string echostr, CancellationToken cancellationToken)
        {
            // WeChat's own order of the parameters (the platform's worked example); a query the URL already has is kept.
            string query = $"signature={signature}&echostr={echostr}&timestamp={timestamp}&nonce={nonce}";
            Uri uri = new UriBuilder(url) { Query = url.Query.Length == 0 ? query : url.Query[1..] + "&" + query }.Uri;
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            return await BotRequest.SendAsync(client, request, "WeChat waits 5 s, then reports that the request timed out", cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Why WeChat would not accept <paramref name="answer"/> to a valid request, as one line, or null.</summary>
        private static string? Refusal(BotAnswer answer, string echostr, byte[] expected)
        {
            if (answer.Error is { } error)
            {
                return error;
            }

            string text = Utf8.GetString(answer.Body);
            if ((int)answer.Status is < 200 or > 299)
            {
                return $"HTTP {(int)answer.Status} {answer.ReasonPhrase}".TrimEnd()
                    + (text.Trim().Length > 0 ? ": " + Excerpt(text) : BotRequest.Hint(answer.Status, "GET"))
                    + "; to a request signed with the bot's Token it must answer 200 with the echostr (check that --token is the bot's Token)";
            }

            if (answer.Body.AsSpan().SequenceEqual(expected))
            {
                return null;
            }

            const string Consequence = "WeChat compares the body with the echostr exactly and would report that the Token verification failed (token验证失败)";
            string trimmed = text.Trim().TrimStart('\uFEFF').Trim();
            if (trimmed == echostr)
            {
                string extra = answer.Body.AsSpan().StartsWith("\uFEFF"u8) ? "a byte-order mark"
                    : text == echostr + "\n" || text == echostr + "\r\n" ? "a trailing line break"
                    : "whitespace";
                return $"the bot answered the echostr with {extra} around it; {Consequence}";
            }

            if (trimmed == "\"" + echostr + "\"")
            {
                return $"the bot answered the echostr in quotes (as a JSON string); answer it as plain text; {Consequence}";
            }

            if (trimmed.Contains(echostr, StringComparison.Ordinal))
            {
                return $"the bot answered a body that contains the echostr but is not just it: {Excerpt(text)}; {Consequence}";
            }

            return trimmed.Length == 0
                ? $"the bot answered an empty body instead of the echostr {echostr}; {Consequence}"
                : $"the bot answered {Excerpt(text)} instead of the echostr {echostr}; {Consequence}";
        }

        /// <summary>How the bot answered the forged request, for the success line.</summary>
        private static string Describe(BotAnswer wrong) =>
            wrong.Error is { } error ? error
            : (int)wrong.Status is >= 200 and <= 299 ? $"HTTP {(int)wrong.Status} without the echostr"
            : $"HTTP {(int)wrong.Status}";

        private static string Excerpt(string text) => '"' + BotRequest.Excerpt(text) + '"';
    }
}
