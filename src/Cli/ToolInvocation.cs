using System;
using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Linq;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// Runs the root command with the tool's error contract: every failure, a bad command line included, is one
    /// <c>error: …</c> line on standard error and exit code 1; never a stack trace.
    /// </summary>
    internal static class ToolInvocation
    {
        /// <summary>Parses <paramref name="args"/> and runs the chosen command.</summary>
        /// <param name="root">The root command.</param>
        /// <param name="args">The command line.</param>
        /// <param name="console">Receives parse errors and unexpected failures.</param>
        /// <returns>The exit code.</returns>
        public static int Run(RootCommand root, string[] args, ToolConsole console)
        {
            ParseResult parseResult = root.Parse(args);

            // System.CommandLine's own error action prints the errors and the whole help text; one line that
            // points at --help is easier to read and to grep.
            if (parseResult.Action is ParseErrorAction)
            {
                string errors = string.Join("; ", parseResult.Errors.Select(e => e.Message.TrimEnd('.')));
                return console.Fail($"{errors}. See '{CommandPath(parseResult)} --help'.");
            }

            try
            {
                return parseResult.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The commands report expected failures themselves; reaching here is a bug, but still one line.
                return console.Fail($"unexpected {ex.GetType().Name}: {ex.Message}");
            }
        }

        private static string CommandPath(ParseResult parseResult)
        {
            // "wechat", "wechat <command>" or "wechat menu validate".
            string path = string.Empty;
            for (SymbolResult? result = parseResult.CommandResult; result is not null; result = result.Parent)
            {
                if (result is CommandResult command)
                {
                    path = path.Length == 0 ? command.Command.Name : command.Command.Name + " " + path;
                }
            }

            return path;
        }
    }
}
