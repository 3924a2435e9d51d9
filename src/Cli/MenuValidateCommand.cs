using System;
using System.CommandLine;
using System.Globalization;
using System.Text;
using WeChat.OfficialAccount.Menus.Rules;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// <c>wechat menu validate FILE</c>: checks a menu file with the rules the analyzer applies at compile time and
    /// prints each violation as <c>FILE(line,col): error WXM00n: message</c>, the format compilers and editors parse.
    /// </summary>
    internal sealed class MenuValidateCommand : Command
    {
        // The severities of the analyzer's catalog (WeChatDiagnosticCatalog): every WXM ID is an error except these.
        private static readonly string[] WarningIds = ["WXM008"];

        private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private readonly Argument<string> _file = new("FILE")
        {
            Description = "The menu JSON file (a *.menu.json AdditionalFile, or a body for /cgi-bin/menu/create or addconditional).",
        };

        /// <summary>Creates the command over <paramref name="console"/>.</summary>
        /// <param name="console">Receives the violations or the success line, and the error of an unreadable file.</param>
        public MenuValidateCommand(ToolConsole console)
            : base("validate", "Check a menu file against the platform's menu rules (WXM001-WXM015, see docs/diagnostics). Prints one 'FILE(line,col): error ID: message' line per violation and exits 1 when any is an error; prints one success line and exits 0 otherwise.")
        {
            Arguments.Add(_file);
            SetAction(parseResult => Run(parseResult.GetValue(_file)!, console));
        }

        /// <summary>Validates the menu in <paramref name="path"/>.</summary>
        /// <param name="path">The menu file.</param>
        /// <param name="console">Receives the violations or the success line, and the error of an unreadable file.</param>
        /// <returns>The exit code: 1 when the file cannot be read or breaks a rule of error severity.</returns>
        public static int Run(string path, ToolConsole console)
        {
            if (!CommandInput.TryRead(path, console, out byte[] bytes))
            {
                return ToolConsole.Failure;
            }

            string text;
            try
            {
                text = StrictUtf8.GetString(bytes);
            }
            catch (DecoderFallbackException)
            {
                return console.Fail($"{path} is not UTF-8 text");
            }

            MenuModel? menu = MenuJson.Read(text, out string? error, out JsonSpan? errorSpan);
            if (menu is null)
            {
                console.WriteLine(Line(path, errorSpan, "WXM015", error ?? "the file is not a menu"));
                return ToolConsole.Failure;
            }

            bool anyError = false;
            foreach (MenuViolation violation in MenuRules.Check(menu))
            {
                anyError |= !IsWarning(violation.Id);
                console.WriteLine(Line(path, violation.Location as JsonSpan, violation.Id, violation.Message));
            }

            if (anyError)
            {
                return ToolConsole.Failure;
            }

            int subButtons = 0;
            foreach (MenuButtonModel button in menu.Buttons)
            {
                subButtons += button.SubButtons?.Count ?? 0;
            }

            console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{path}: menu is valid ({Count(menu.Buttons.Count, "button")}, {Count(subButtons, "sub-button")}{(menu.MatchRule is null ? string.Empty : ", conditional")})"));
            return ToolConsole.Success;
        }

        private static bool IsWarning(string id) => Array.IndexOf(WarningIds, id) >= 0;

        private static string Count(int count, string noun) =>
            string.Create(CultureInfo.InvariantCulture, $"{count} {noun}{(count == 1 ? string.Empty : "s")}");

        // Lines and columns are 1-based here, as in compiler output; the reader's spans are 0-based.
        private static string Line(string path, JsonSpan? span, string id, string message) => string.Create(
            CultureInfo.InvariantCulture,
            $"{path}({(span?.Line ?? 0) + 1},{(span?.Column ?? 0) + 1}): {(IsWarning(id) ? "warning" : "error")} {id}: {message}");
    }
}
