import { strict as assert } from "assert";
import { ValidationError } from "../../lib/core";
import {
  describeTraffic,
  describeTrafficMove,
  endpointTraffic,
  parseStage,
} from "../../lib/ml/traffic";

const ctx = { component: "ShadowDeployment", name: "r" };
const refuses = (stage: unknown, code: string, message: string, prop?: string) =>
  assert.throws(
    () => parseStage(stage, ctx, prop),
    (e: unknown) =>
      ValidationError.isValidationError(e) &&
      e.code === code &&
      e.message === `ShadowDeployment 'r': ${message}`,
    JSON.stringify(stage),
  );

describe("parseStage", () => {
  it("reads shadow, canary and bare percentages, in any case and spacing", () => {
    const table: [string, object][] = [
      ["shadow 20%", { live: 100, candidate: 0, mirror: 20 }],
      ["  Shadow   50 %  ", { live: 100, candidate: 0, mirror: 50 }],
      ["canary 10%", { live: 90, candidate: 10, mirror: 0 }],
      ["CANARY 1%", { live: 99, candidate: 1, mirror: 0 }],
      ["10%", { live: 90, candidate: 10, mirror: 0 }],
      ["100%", { live: 0, candidate: 100, mirror: 0 }],
    ];
    for (const [stage, split] of table) assert.deepEqual(parseStage(stage, ctx), split, stage);
  });

  it("reads an explicit split and returns only its three shares", () => {
    assert.deepEqual(parseStage({ live: 50, candidate: 50 }, ctx), {
      live: 50,
      candidate: 50,
      mirror: 0,
    });
    assert.deepEqual(parseStage({ live: 100, candidate: 0, mirror: 20 }, ctx), {
      live: 100,
      candidate: 0,
      mirror: 20,
    });
  });

  it("refuses a missing or unreadable stage string", () => {
    refuses(
      undefined,
      "REQUIRED",
      `'stage' is required: e.g. "shadow 20%", "canary 10%", "50%" or "100%", got nothing.`,
    );
    refuses(
      "",
      "REQUIRED",
      `'stage' is required: e.g. "shadow 20%", "canary 10%", "50%" or "100%", got "".`,
    );
    for (const stage of ["half", "shadow", "ramp 10%", "10", "x 10%", "10% y", "shadow-10%"]) {
      refuses(
        stage,
        "INVALID_FORMAT",
        `'stage' must read "shadow N%", "canary N%" or "N%" (N a whole percent), got ${JSON.stringify(stage)}. Or give { live, candidate, mirror }.`,
      );
    }
  });

  it("refuses fractional and out-of-range percentages", () => {
    for (const [stage, n] of [
      ["canary 12.5%", 12.5],
      ["canary 12.25%", 12.25],
      ["150%", 150],
    ] as const) {
      refuses(
        stage,
        "OUT_OF_RANGE",
        `'stage' must be an integer between 0 and 100, got ${n}. Percentages are whole numbers.`,
      );
    }
    refuses(
      "shadow 60%",
      "OUT_OF_RANGE",
      "'stage.mirror' must be an integer between 0 and 50, got 60. Azure ML mirrors at most 50% of traffic (it counts against the endpoint's bandwidth quota).",
    );
    assert.deepEqual(parseStage("shadow 50%", ctx).mirror, 50);
  });

  it("refuses a stage that is neither a string nor an object", () => {
    for (const stage of [42, true]) {
      refuses(
        stage,
        "INVALID_FORMAT",
        `'stage' must be a stage string or { live, candidate, mirror }, got ${stage}.`,
      );
    }
    refuses(
      null,
      "REQUIRED",
      `'stage' is required: e.g. "shadow 20%", "canary 10%", "50%" or "100%", got null.`,
    );
  });

  it("refuses unknown keys, fractional or missing shares of an explicit split", () => {
    refuses(
      { live: 90, candidate: 10, shadow: 5 },
      "NOT_ALLOWED",
      "'stage.shadow' is not an option; allowed: 'live', 'candidate', 'mirror', got 5.",
    );
    refuses(
      { live: 90.5, candidate: 9.5 },
      "OUT_OF_RANGE",
      "'stage.live' must be an integer between 0 and 100, got 90.5.",
    );
    refuses(
      { live: 0, candidate: 101 },
      "OUT_OF_RANGE",
      "'stage.candidate' must be an integer between 0 and 100, got 101.",
    );
    refuses({ candidate: 100 }, "REQUIRED", "'stage.live' is required, got nothing.");
    refuses({ live: 100 }, "REQUIRED", "'stage.candidate' is required, got nothing.");
  });

  it("refuses live traffic that does not sum to 100", () =>
    refuses(
      { live: 80, candidate: 10 },
      "OUT_OF_RANGE",
      `'stage.live' and 'stage.candidate' must sum to exactly 100 (Azure ML's live traffic), got 90, got {"live":80,"candidate":10}.`,
    ));

  it("refuses mirrored and live traffic to the candidate at once, and a stage that skips it", () => {
    refuses(
      { live: 90, candidate: 10, mirror: 10 },
      "CONFLICT",
      `'stage.mirror' cannot go to the candidate while it also answers live traffic: an Azure ML deployment receives live or mirrored traffic, not both, got {"live":90,"candidate":10,"mirror":10}. Use "shadow N%" first, then "canary N%".`,
    );
    refuses(
      "0%",
      "CONFLICT",
      `'stage' gives the candidate neither live nor mirrored traffic, so the stage skips it, got "0%". Start with "shadow 20%".`,
    );
    refuses(
      { live: 100, candidate: 0 },
      "CONFLICT",
      `'stage' gives the candidate neither live nor mirrored traffic, so the stage skips it, got {"live":100,"candidate":0}. Start with "shadow 20%".`,
    );
  });

  it("names the prop it was given", () =>
    refuses(
      "half",
      "INVALID_FORMAT",
      `'stages[1]' must read "shadow N%", "canary N%" or "N%" (N a whole percent), got "half". Or give { live, candidate, mirror }.`,
      "stages[1]",
    ));
});

describe("endpointTraffic", () => {
  const names = { live: "blue", candidate: "green" };
  it("maps a split to live and mirrored traffic per deployment", () => {
    assert.deepEqual(endpointTraffic({ live: 100, candidate: 0, mirror: 20 }, names), {
      traffic: { blue: 100, green: 0 },
      mirrorTraffic: { green: 20 },
    });
    assert.deepEqual(endpointTraffic({ live: 90, candidate: 10 }, names), {
      traffic: { blue: 90, green: 10 },
      mirrorTraffic: {},
    });
    assert.deepEqual(
      endpointTraffic({ live: 90, candidate: 10, mirror: 0 }, names).mirrorTraffic,
      {},
    );
  });
});

describe("describeTraffic", () => {
  it("says who answers, largest share first, then who gets a mirrored copy", () => {
    assert.equal(
      describeTraffic({ traffic: { blue: 100, green: 0 }, mirrorTraffic: { green: 20 } }),
      "blue answers 100%; green gets a 20% mirrored copy (answers discarded)",
    );
    assert.equal(
      describeTraffic({ traffic: { a: 10, c: 45, b: 45 } }),
      "b answers 45%; c answers 45%; a answers 10%",
    );
  });
  it("says 'no traffic' when nothing is answered or mirrored", () => {
    assert.equal(describeTraffic({}), "no traffic");
    assert.equal(
      describeTraffic({ traffic: { blue: 0, green: 0 }, mirrorTraffic: { green: 0 } }),
      "no traffic",
    );
  });
});

describe("describeTrafficMove", () => {
  it("says when a deployment starts receiving a mirrored copy", () =>
    assert.equal(
      describeTrafficMove(
        { traffic: { blue: 100 } },
        { traffic: { blue: 100, green: 0 }, mirrorTraffic: { green: 20 } },
      ),
      "green starts receiving a 20% mirrored copy (answers discarded)",
    ));

  it("says when a mirrored copy grows or shrinks", () => {
    assert.equal(
      describeTrafficMove({ mirrorTraffic: { green: 10 } }, { mirrorTraffic: { green: 20 } }),
      "mirrored copy to green goes from 10% to 20%",
    );
    assert.equal(
      describeTrafficMove({ mirrorTraffic: { green: 50 } }, { mirrorTraffic: { green: 5 } }),
      "mirrored copy to green goes from 50% to 5%",
    );
  });

  it("moves traffic away from a deployment present only before the move", () =>
    assert.equal(
      describeTrafficMove({ traffic: { blue: 50, green: 50 } }, { traffic: { green: 100 } }),
      "50% of live traffic moves from blue to green",
    ));

  it("lists several moves by deployment name, then the mirror changes by name", () =>
    assert.equal(
      describeTrafficMove(
        { traffic: { zeta: 100 }, mirrorTraffic: { zeta: 10 } },
        { traffic: { zeta: 50, mid: 25, alpha: 25 }, mirrorTraffic: { omega: 20 } },
      ),
      "alpha answers 0% → 25% of live traffic; mid answers 0% → 25% of live traffic; zeta answers 100% → 50% of live traffic; omega starts receiving a 20% mirrored copy (answers discarded); mirroring to zeta stops (was 10%)",
    ));

  it("names both deployments when one gains a different share than the other loses", () => {
    assert.equal(
      describeTrafficMove({ traffic: { a: 50, b: 50 } }, { traffic: { a: 70, b: 20 } }),
      "a answers 50% → 70% of live traffic; b answers 50% → 20% of live traffic",
    );
    assert.equal(
      describeTrafficMove({}, { traffic: { a: 100 } }),
      "a answers 0% → 100% of live traffic",
    );
    assert.equal(
      describeTrafficMove({ traffic: { a: 100 } }, {}),
      "a answers 100% → 0% of live traffic",
    );
  });

  it("says nothing when nothing moves", () => {
    assert.equal(describeTrafficMove({}, {}), "");
    assert.equal(
      describeTrafficMove(
        { traffic: { a: 100 }, mirrorTraffic: { b: 20 } },
        { traffic: { a: 100, b: 0 }, mirrorTraffic: { b: 20 } },
      ),
      "",
    );
  });
});
