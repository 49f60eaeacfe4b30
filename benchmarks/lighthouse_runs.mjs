// Lighthouse on many pages in one Node process, against the Chromium that benchmarks/lighthouse.py started.
// Usage: node benchmarks/lighthouse_runs.mjs JOBS.json PORT, where JOBS.json is [{url, preset, out}, ...]
// and preset is "mobile" (Lighthouse's default config) or "desktop" (its desktop preset).
import { readFileSync, writeFileSync } from "node:fs";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const [jobsFile, port] = process.argv.slice(2);
const onlyCategories = ["performance", "accessibility", "best-practices", "seo"];

for (const job of JSON.parse(readFileSync(jobsFile, "utf8"))) {
  const config = job.preset === "desktop" ? desktopConfig : undefined;
  const flags = { port: Number(port), output: "json", logLevel: "error", onlyCategories };
  try {
    let result = await lighthouse(job.url, flags, config);
    if (result?.lhr?.runtimeError) {
      // A trace that could not be recorded (NO_NAVSTART and the like) happens on a busy machine: try once more.
      result = await lighthouse(job.url, flags, config);
    }
    writeFileSync(job.out, result.report);
  } catch (error) {
    writeFileSync(job.out, JSON.stringify({ runtimeError: { message: String(error) } }));
  }
  process.stderr.write(`  lighthouse ${job.preset.padEnd(7)} ${job.url}\n`);
}
