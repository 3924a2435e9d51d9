namespace WeChat.OfficialAccount { internal static class Placeholder { } }
