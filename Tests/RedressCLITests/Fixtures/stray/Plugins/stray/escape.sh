#!/bin/sh
# Double-forks into a new session (out of its process group), then answers at once.
cat > /dev/null
setsid sh -c 'sleep 27.1828' < /dev/null > /dev/null 2>&1 &
# Answer only once the escapee has left this process group (it is killed with the group else).
sleep 0.5
echo '{"outcome": "done"}'
