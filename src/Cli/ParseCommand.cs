using System.CommandLine;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// <c>wechat parse</c>: parses an inbound message or event body and prints it as the JSON form of
    /// <see cref="WeChatPayload.ToJson"/>.
    /// </summary>
    internal sealed class ParseCommand : Command
    {
        private readonly Argument<string?> _file = CommandInput.CreateArgument("The XML body of an inbound message or event.");

        /// <summary>Creates the command over <paramref name="console"/>.</summary>
        /// <param name="console">Supplies standard input and receives the JSON or the error.</param>
        public ParseCommand(ToolConsole console)
            : base("parse", "Parse an inbound message or event (plaintext XML) and print it as one JSON object: \"$type\" (the C# type), every element under its wire name typed per spec, unknown elements under \"$unknown\".")
        {
            Arguments.Add(_file);
            SetAction(parseResult => Run(parseResult.GetValue(_file), console));
        }

        /// <summary>Parses the body in <paramref name="path"/> (or standard input) and prints its JSON.</summary>
        /// <param name="path">The file, or null / <c>-</c> for standard input.</param>
        /// <param name="console">Supplies standard input and receives the JSON or the error.</param>
        /// <returns>The exit code.</returns>
        public static int Run(string? path, ToolConsole console)
        {
            if (!CommandInput.TryRead(path, console, out byte[] body))
            {
                return ToolConsole.Failure;
            }

            WeChatMessage message;
            try
            {
                message = WeChatMessageParser.Parse(body);
            }
            catch (WeChatXmlException ex)
            {
                // "Invalid WeChat XML at byte N: reason" already locates the problem.
                return console.Fail(ex.Message);
            }

            console.WriteLine(message.ToJson());
            return ToolConsole.Success;
        }
    }
}
