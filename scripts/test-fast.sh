#!/bin/sh
# npm run test:fast — the inner loop: typecheck, lint, unit and API integration tests (no browser,
# resilience, infra or seed suites; `npm test` runs everything). The type checker and the linter run
# beside the tests rather than before them: they share nothing, and the tests spend much of their time
# waiting on DynamoDB Local, so the three together finish about when the tests alone do. Their output
# is kept aside and shown after the tests' (only when they fail), so it does not interleave.
set -u
# The API integration files write little, so one DynamoDB Local per worker serves them all (2 min 36 s);
# renewing it for every file, as `npm test` does for its heavy files (tests/fixtures/dynamo-pool.ts),
# cost more in JVM starts than it saved here: 3 min 44 s, 8 files an instance 2 min 55 s (1 Dec 2026, load 1-5).
export TEST_DYNAMO_FILES_PER_INSTANCE="${TEST_DYNAMO_FILES_PER_INSTANCE:-1000}"
logs=$(mktemp -d)
npm run -s typecheck >"$logs/typecheck" 2>&1 &
typecheck=$!
npm run -s lint >"$logs/lint" 2>&1 &
lint=$!
vitest run tests/unit tests/integration/api
tests=$?
wait "$typecheck"
typecheck=$?
wait "$lint"
lint=$?
status=0
for step in typecheck lint tests; do
  eval "code=\$$step"
  if [ "$code" -ne 0 ]; then
    [ -f "$logs/$step" ] && cat "$logs/$step"
    echo "test:fast: $step failed"
    status=1
  else
    echo "test:fast: $step passed"
  fi
done
rm -rf "$logs"
exit "$status"
