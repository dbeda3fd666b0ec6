// The fake TikTok edge lives here.
