namespace WeChat.OfficialAccount.Generator { internal static class Placeholder { } }
