// Fails with a clear message when the test dependencies (tests/node_modules) are missing or
// the binary under test is not there. Run by CTest before the integration tests.
import { requireNodeModules, requireBinary, BIN } from './harness.mjs';

try {
  requireNodeModules();
  requireBinary();
  console.log(`integration test dependencies present; binary: ${BIN}`);
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
