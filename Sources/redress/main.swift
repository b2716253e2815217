import RedressCLI

await RedressMain.run()
