using System.CommandLine;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary><c>wechat menu</c>: commands on custom-menu definitions (<c>*.menu.json</c>).</summary>
    internal sealed class MenuCommand : Command
    {
        /// <summary>Creates the command group over <paramref name="console"/>.</summary>
        /// <param name="console">Receives the results and errors of the subcommands.</param>
        public MenuCommand(ToolConsole console)
            : base("menu", "Work with custom-menu definitions: the platform's menu JSON, as POSTed to /cgi-bin/menu/create.")
        {
            Subcommands.Add(new MenuValidateCommand(console));
        }
    }
}
