import RedressCLI

RedressMain.run()
