import TikTokLiveCLI

await CommandLineTool.main()
