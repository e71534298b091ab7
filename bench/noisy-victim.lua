-- Scenario noisy, the victim: scenario a's lookup (exactly one user per answer), paced by
-- VICTIM_DELAY_MS per connection so that it stays well below its own provider's rate limit: what
-- is measured is whether another provider's flood slows it down, not its own 429s.
dofile(os.getenv("BENCH_DIR") .. "/lookup.lua")

local pause = tonumber(os.getenv("VICTIM_DELAY_MS") or "20")

function delay()
  return pause
end
