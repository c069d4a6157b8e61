from uprkg.cli import main

main()
