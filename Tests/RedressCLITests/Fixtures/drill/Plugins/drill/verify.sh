#!/bin/sh
# Reads the request and answers that the user is verified.
cat > /dev/null
echo '{"outcome": "verified"}'
