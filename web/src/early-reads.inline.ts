// Bundled into index.html as an inline script by web/vite.config.ts (see early-reads.ts); not part of the app.
import { startEarlyReads } from './early-reads.js';

startEarlyReads();
