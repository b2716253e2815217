#!/bin/sh
# Ignores SIGTERM (inherited by the sleep) and never answers.
trap '' TERM
cat > /dev/null
exec sleep 31.4159
