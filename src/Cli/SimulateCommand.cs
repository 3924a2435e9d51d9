using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Cli.Simulation;
using WeChat.OfficialAccount.Security;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// <c>wechat simulate</c>: builds a push of any message or event type of the spec (or takes one from a file),
    /// signs and encrypts it exactly as WeChat does, POSTs it to a bot and prints the verified, decrypted reply.
    /// </summary>
    internal sealed class SimulateCommand : Command
    {
        private const string DefaultTo = "gh_simulator";
        private const string DefaultFrom = "o_simulator_user";

        private readonly Argument<string?> _type = new("TYPE")
        {
            Description = "The MsgType (text, image, voice, …) or Event (subscribe, CLICK, SCAN, …) to simulate, matched ignoring case; see --list.",
            Arity = ArgumentArity.ZeroOrOne,
        };

        private readonly Option<string?> _url = new("--url")
        {
            Description = "The bot's message push URL (http or https), as configured in the account settings. Required unless --list.",
        };

        private readonly Option<string?> _token = new("--token")
        {
            Description = "The Token configured in the account's message push settings; signs the push. Required unless --list.",
        };

        private readonly Option<string?> _aesKey = new("--aes-key")
        {
            Description = "The 43-character EncodingAESKey: sends the push in safe mode (encrypted, msg_signature) and decrypts the reply. Needs --app-id.",
        };

        private readonly Option<string?> _appId = new("--app-id")
        {
            Description = "The account's AppID (wx…), sealed into the encrypted push and checked in the reply. Needs --aes-key.",
        };

        private readonly Option<bool> _compatible = new("--compatible")
        {
            Description = "With --aes-key: compatible mode (兼容模式), as an account set to it receives pushes: the plaintext message with its "
                + "Encrypt added, in one body. The bot may answer in plaintext or encrypted; both are read.",
        };

        private readonly Option<string?> _from = new("--from")
        {
            Description = $"The sender's OpenID: FromUserName and the openid query parameter (default {DefaultFrom}, or the file's FromUserName).",
        };

        private readonly Option<string?> _to = new("--to")
        {
            Description = $"The account's original id (gh_…): ToUserName (default {DefaultTo}, or the file's ToUserName).",
        };

        private readonly Option<string?> _content = new("--content")
        {
            Description = $"Content of a text message (default \"{DemoValues.Content}\").",
        };

        private readonly Option<string?> _eventKey = new("--event-key")
        {
            Description = "EventKey of the event: the menu key of CLICK, the URL of VIEW, the scene of SCAN, qrscene_… for subscribe.",
        };

        private readonly Option<string?> _mediaId = new("--media-id")
        {
            Description = "MediaId of an image, voice, video or shortvideo message.",
        };

        private readonly Option<string[]> _fields = new("--field")
        {
            Description = "Sets any element of the built payload, NAME=VALUE, repeatable: Recognition=… of a voice message, MsgId=… to repeat a "
                + "delivery across runs, Parent/Child for a nested element (ScanCodeInfo/ScanResult=…).",
            Arity = ArgumentArity.ZeroOrMore,
            HelpName = "NAME=VALUE",
        };

        private readonly Option<string?> _file = new("--file")
        {
            Description = "Send this plaintext message XML instead of building one ('-' reads standard input); encrypted in safe mode.",
        };

        private readonly Option<int> _repeat = new("--repeat")
        {
            Description = "Send the same push (same MsgId, CreateTime, signature) N times at once, as WeChat's retries do, and print every reply.",
            DefaultValueFactory = _ => 1,
        };

        private readonly Option<double> _timeout = new("--timeout")
        {
            Description = "Seconds to wait for each reply; WeChat waits 5, then retries. A reply that comes after 5 s is printed with a warning.",
            DefaultValueFactory = _ => 5,
        };

        private readonly Option<bool> _list = new("--list")
        {
            Description = "Print the message and event types that can be simulated, and exit.",
        };

        private readonly ToolConsole _console;

        /// <summary>Creates the command over <paramref name="console"/>.</summary>
        /// <param name="console">Receives the replies or the error.</param>
        public SimulateCommand(ToolConsole console)
            : base("simulate", "Send a signed (and with --aes-key encrypted) push of any message or event type to a bot, as WeChat does, and print its verified reply.")
        {
            _console = console;
            Arguments.Add(_type);
            Options.Add(_url);
            Options.Add(_token);
            Options.Add(_aesKey);
            Options.Add(_appId);
            Options.Add(_compatible);
            Options.Add(_from);
            Options.Add(_to);
            Options.Add(_content);
            Options.Add(_eventKey);
            Options.Add(_mediaId);
            Options.Add(_fields);
            Options.Add(_file);
            Options.Add(_repeat);
            Options.Add(_timeout);
            Options.Add(_list);
            SetAction((parseResult, cancellationToken) => RunAsync(parseResult, cancellationToken));
        }

        private async Task<int> RunAsync(ParseResult parseResult, CancellationToken cancellationToken)
        {
            string? typeName = parseResult.GetValue(_type);
            string? file = parseResult.GetValue(_file);
            if (parseResult.GetValue(_list))
            {
                return typeName is null && file is null ? List() : _console.Fail("--list takes no TYPE or --file");
            }

            if (typeName is null && file is null)
            {
                return _console.Fail("nothing to send: give a TYPE to build (see 'wechat simulate --list') or --file with a message body");
            }

            if (typeName is not null && file is not null)
            {
                return _console.Fail("give a TYPE to build or --file with a message body, not both");
            }

            if (Problem(parseResult) is string problem)
            {
                return _console.Fail(problem);
            }

            var url = new Uri(parseResult.GetValue(_url)!);
            string token = parseResult.GetValue(_token)!;
            WeChatMessageCrypto? crypto;
            try
            {
                crypto = parseResult.GetValue(_aesKey) is string aesKey
                    ? new PushSettings(token, aesKey, parseResult.GetValue(_appId)!).CreateCrypto()
                    : null;
            }
            catch (Exception ex) when (ex is WeChatCryptoException or ArgumentException)
            {
                return _console.Fail(ex.Message);
            }

            long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            byte[] plaintext;
            PayloadHeader header;
            if (typeName is not null)
            {
                if (!SimulatedPayload.TryFind(typeName, out SimulatedPayload.SimulatedType type, out string notFound))
                {
                    return _console.Fail(notFound);
                }

                if (!TryGetFields(parseResult, out Dictionary<string, SimulatedField> fields, out string badField))
                {
                    return _console.Fail(badField);
                }

                header = new PayloadHeader(parseResult.GetValue(_to) ?? DefaultTo, parseResult.GetValue(_from) ?? DefaultFrom, now);
                try
                {
                    plaintext = Encoding.UTF8.GetBytes(SimulatedPayload.Build(type, header, fields).ToXml());
                }
                catch (ArgumentException ex)
                {
                    return _console.Fail(ex.Message);
                }
            }
            else
            {
                if (!CommandInput.TryRead(file, _console, out plaintext))
                {
                    return ToolConsole.Failure;
                }

                header = FileHeader(plaintext, parseResult.GetValue(_to), parseResult.GetValue(_from), now);
            }

            SimulatedPush push;
            try
            {
                string timestamp = header.CreateTime.ToString(CultureInfo.InvariantCulture);
                string nonce = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
                push = SimulatedPush.Create(url, token, crypto, parseResult.GetValue(_compatible), plaintext, header.ToUserName, header.FromUserName, timestamp, nonce);
            }
            catch (Exception ex) when (ex is WeChatCryptoException or ArgumentException)
            {
                return _console.Fail(ex.Message);
            }

            int repeat = parseResult.GetValue(_repeat);
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(parseResult.GetValue(_timeout)) };
            bool plainReplyAllowed = parseResult.GetValue(_compatible);
            SimulatedReply[] replies = await Task.WhenAll(
                Enumerable.Range(0, repeat).Select(_ => SendAsync(client, push, crypto, plainReplyAllowed, cancellationToken))).ConfigureAwait(false);
            return Print(replies);
        }

        private string? Problem(ParseResult parseResult)
        {
            if (BotRequest.Problem(parseResult.GetValue(_url), parseResult.GetValue(_token), parseResult.GetValue(_timeout), "the bot's message push URL") is { } problem)
            {
                return problem;
            }

            if ((parseResult.GetValue(_aesKey) is null) != (parseResult.GetValue(_appId) is null))
            {
                return "--aes-key and --app-id go together: safe mode needs both";
            }

            if (parseResult.GetValue(_compatible) && parseResult.GetValue(_aesKey) is null)
            {
                return "--compatible needs --aes-key and --app-id: compatible mode adds the encrypted message to the plaintext one";
            }

            if (parseResult.GetValue(_file) is not null
                && new Option[] { _content, _eventKey, _mediaId, _fields }.FirstOrDefault(o => parseResult.GetResult(o) is not null) is { } option)
            {
                return $"{option.Name} sets a field of a built payload; with --file the body is sent as given";
            }

            return parseResult.GetValue(_repeat) is < 1 or > 100
                ? $"--repeat must be between 1 and 100; got {parseResult.GetValue(_repeat)}"
                : null;
        }

        private bool TryGetFields(ParseResult parseResult, out Dictionary<string, SimulatedField> fields, out string problem)
        {
            // The de-duplication key of WeChat messages: random, as WeChat's are unique, and the same on every --repeat.
            fields = new Dictionary<string, SimulatedField>(StringComparer.Ordinal)
            {
                ["MsgId"] = new(Random.Shared.NextInt64(1L << 60, long.MaxValue).ToString(CultureInfo.InvariantCulture), null),
            };
            AddOption(fields, "Content", _content, parseResult);
            AddOption(fields, "EventKey", _eventKey, parseResult);
            AddOption(fields, "MediaId", _mediaId, parseResult);
            problem = string.Empty;
            foreach (string assignment in parseResult.GetValue(_fields) ?? [])
            {
                int equals = assignment.IndexOf('=', StringComparison.Ordinal);
                string name = equals < 0 ? assignment : assignment[..equals];
                string? invalid = equals <= 0 ? "is not NAME=VALUE"
                    : !IsElementPath(name) ? "does not name an element: NAME is the element's wire name, Parent/Child for a nested one"
                    : FieldFromElsewhere(name) is { } elsewhere ? elsewhere
                    : fields.TryGetValue(name, out SimulatedField? earlier) && earlier.Option is { } option ? $"sets {name}, which {option} already sets"
                    : null;
                if (invalid is not null)
                {
                    problem = $"{_fields.Name} '{assignment}' {invalid}";
                    return false;
                }

                fields[name] = new SimulatedField(assignment[(equals + 1)..], $"{_fields.Name} {name}");
            }

            return true;
        }

        /// <summary>Why an element of the header cannot be set with --field, or null.</summary>
        private static string? FieldFromElsewhere(string name) => name switch
        {
            "ToUserName" => "is the account: use --to",
            "FromUserName" => "is the sender: use --from",
            "CreateTime" => "is the time of sending, which the signed query's timestamp repeats",
            "MsgType" or "Event" => "comes from TYPE",
            _ => null,
        };

        private static bool IsElementPath(string path) =>
            path.Split('/').All(step => step.Length > 0 && (char.IsAsciiLetter(step[0]) || step[0] == '_') && step.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'));

        private static void AddOption(Dictionary<string, SimulatedField> fields, string element, Option<string?> option, ParseResult parseResult)
        {
            if (parseResult.GetValue(option) is string value)
            {
                fields[element] = new SimulatedField(value, option.Name);
            }
        }

        private static PayloadHeader FileHeader(byte[] body, string? to, string? from, long now)
        {
            // The body is sent as given, even one the parser rejects (to see how the bot answers bad input); the
            // query and envelope take its sender and account when it can be read.
            WeChatMessage? message = null;
            try
            {
                message = WeChatMessageParser.Parse(body);
            }
            catch (WeChatXmlException)
            {
            }

            return new PayloadHeader(
                to ?? NonEmpty(message?.ToUserName) ?? DefaultTo,
                from ?? NonEmpty(message?.FromUserName) ?? DefaultFrom,
                now);
        }

        private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

        private static async Task<SimulatedReply> SendAsync(HttpClient client, SimulatedPush push, WeChatMessageCrypto? crypto, bool plainReplyAllowed, CancellationToken cancellationToken)
        {
            using HttpRequestMessage request = push.CreateRequest();
            BotAnswer answer = await BotRequest.SendAsync(client, request, "WeChat waits 5 s, then retries", cancellationToken).ConfigureAwait(false);
            return answer.Error is { } error
                ? SimulatedReply.Failed(error)
                : SimulatedReply.Read(answer.Status, answer.ReasonPhrase, answer.Body, crypto, plainReplyAllowed) with { Elapsed = answer.Elapsed };
        }

        private int Print(SimulatedReply[] replies)
        {
            int[] failed = Enumerable.Range(0, replies.Length).Where(i => replies[i].Error is not null).ToArray();
            if (failed.Length > 0)
            {
                SimulatedReply first = replies[failed[0]];
                return _console.Fail(replies.Length == 1
                    ? first.Error!
                    : $"{failed.Length} of {replies.Length} pushes failed; push {failed[0] + 1}: {first.Error}");
            }

            if (replies.Length == 1)
            {
                _console.WriteLine(replies[0].Text);
                WarnIfLate(replies[0], "the reply");
                return ToolConsole.Success;
            }

            var output = new StringBuilder();
            for (int i = 0; i < replies.Length; i++)
            {
                // Encrypted replies differ in every byte; the decrypted text is what de-duplication must keep equal.
                int same = Array.FindIndex(replies, 0, i, r => r.Text == replies[i].Text);
                output.Append(i == 0 ? string.Empty : "\n")
                    .Append(CultureInfo.InvariantCulture, $"reply {i + 1} of {replies.Length}")
                    .Append(same < 0 ? string.Empty : $" (identical to reply {same + 1})")
                    .Append(":\n")
                    .Append(replies[i].Text)
                    .Append('\n');
            }

            _console.WriteLine(output.ToString().TrimEnd('\n'));
            for (int i = 0; i < replies.Length; i++)
            {
                WarnIfLate(replies[i], $"reply {i + 1} of {replies.Length}");
            }

            return ToolConsole.Success;
        }

        /// <summary>
        /// A reply that came only because --timeout allowed more than WeChat's 5 s: printed, but WeChat would have given
        /// up on it, which the developer must hear about even though this run waited.
        /// </summary>
        private void WarnIfLate(SimulatedReply reply, string which)
        {
            if (reply.Elapsed > BotRequest.WeChatWait)
            {
                _console.Warn(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{which} came after {reply.Elapsed.TotalSeconds:0.0} s, past the 5 s WeChat waits: WeChat would have dropped the connection and sent the push again (three tries in all), and this answer would never reach the user"));
            }
        }

        private int List()
        {
            var output = new StringBuilder();
            foreach (SimulatedPayload.SimulatedType type in SimulatedPayload.All)
            {
                output.Append(CultureInfo.InvariantCulture, $"{type.Name,-34}{(type.IsEvent ? "event" : "message"),-9}{type.Create().GetType().Name}\n");
            }

            _console.WriteLine(output.ToString().TrimEnd('\n'));
            return ToolConsole.Success;
        }
    }
}
