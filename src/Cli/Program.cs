using System.CommandLine;
using WeChat.OfficialAccount.Cli;

ToolConsole console = ToolConsole.Standard;
var root = new RootCommand("Parse, sign, encrypt and decrypt WeChat Official Account push payloads; simulate pushes to a bot and its URL verification; validate custom-menu files.")
{
    new ParseCommand(console),
    new SignCommand(console),
    new DecryptCommand(console),
    new EncryptCommand(console),
    new MenuCommand(console),
    new SimulateCommand(console),
    new VerifyCommand(console),
};

return ToolInvocation.Run(root, args, console);
