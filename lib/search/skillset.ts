import { Check, ValidationContext } from "../core/errors";
import { checkObjectName, SearchFieldSpec } from "./model";

/*
 * Skillsets (AI enrichment) for `SearchIndexerSchedule`: the built-in Text Split and OCR skills.
 * Sources:
 * - REST "Create or Update Skillset" (api 2025-09-01, `PUT /skillsets('{name}')`): `name`,
 *   `skills` (each `@odata.type`, `name`, `context`, `inputs [{name, source}]`,
 *   `outputs [{name, targetName}]`), `cognitiveServices`;
 * - Learn "Text split cognitive skill" (cognitive-search-skill-textsplit): `@odata.type`
 *   `#Microsoft.Skills.Text.SplitSkill`, `textSplitMode` "pages" or "sentences",
 *   `maximumPageLength` "Only applies if textSplitMode is set to pages ... The minimum value is 300,
 *   the maximum is 50000, and the default value is 5000", input `text`, output `textItems`; it "isn't
 *   bound to Azure AI services. It's non-billable";
 * - Learn "OCR cognitive skill" (cognitive-search-skill-ocr): `#Microsoft.Skills.Vision.OcrSkill`,
 *   input `image` (`/document/normalized_images/*`), outputs `text`, `layoutText`; needs the indexer
 *   to extract images (`configuration.imageAction: "generateNormalizedImages"`,
 *   `dataToExtract: "contentAndMetadata"`); billable beyond 20 free documents per indexer per day
 *   (Learn, "Attach an Azure AI multi-service resource to a skillset");
 * - the language lists are the SDK's `KnownSplitSkillLanguage` / `KnownOcrSkillLanguage`
 *   (@azure/search-documents 12.2.0, generated from the 2025-09-01 REST spec).
 */

/** `defaultLanguageCode` values of the Text Split skill. */
export const SPLIT_LANGUAGES = [
  "am",
  "bs",
  "cs",
  "da",
  "de",
  "en",
  "es",
  "et",
  "fi",
  "fr",
  "he",
  "hi",
  "hr",
  "hu",
  "id",
  "is",
  "it",
  "ja",
  "ko",
  "lv",
  "nb",
  "nl",
  "pl",
  "pt",
  "pt-br",
  "ru",
  "sk",
  "sl",
  "sr",
  "sv",
  "tr",
  "ur",
  "zh",
] as const;

/** `defaultLanguageCode` values of the OCR skill. */
export const OCR_LANGUAGES = [
  "af",
  "sq",
  "anp",
  "ar",
  "ast",
  "awa",
  "az",
  "bfy",
  "eu",
  "be",
  "be-cyrl",
  "be-latn",
  "bho",
  "bi",
  "brx",
  "bs",
  "bra",
  "br",
  "bg",
  "bns",
  "bua",
  "ca",
  "ceb",
  "rab",
  "ch",
  "hne",
  "zh-Hans",
  "zh-Hant",
  "kw",
  "co",
  "crh",
  "hr",
  "cs",
  "da",
  "prs",
  "dhi",
  "doi",
  "nl",
  "en",
  "myv",
  "et",
  "fo",
  "fj",
  "fil",
  "fi",
  "fr",
  "fur",
  "gag",
  "gl",
  "de",
  "gil",
  "gon",
  "el",
  "kl",
  "gvr",
  "ht",
  "hlb",
  "hni",
  "bgc",
  "haw",
  "hi",
  "mww",
  "hoc",
  "hu",
  "is",
  "smn",
  "id",
  "ia",
  "iu",
  "ga",
  "it",
  "ja",
  "Jns",
  "jv",
  "kea",
  "kac",
  "xnr",
  "krc",
  "kaa-cyrl",
  "kaa",
  "csb",
  "kk-cyrl",
  "kk-latn",
  "klr",
  "kha",
  "quc",
  "ko",
  "kfq",
  "kpy",
  "kos",
  "kum",
  "ku-arab",
  "ku-latn",
  "kru",
  "ky",
  "lkt",
  "la",
  "lt",
  "dsb",
  "smj",
  "lb",
  "bfz",
  "ms",
  "mt",
  "kmj",
  "gv",
  "mi",
  "mr",
  "mn",
  "cnr-cyrl",
  "cnr-latn",
  "nap",
  "ne",
  "niu",
  "nog",
  "sme",
  "nb",
  "no",
  "oc",
  "os",
  "ps",
  "fa",
  "pl",
  "pt",
  "pa",
  "ksh",
  "ro",
  "rm",
  "ru",
  "sck",
  "sm",
  "sa",
  "sat",
  "sco",
  "gd",
  "sr",
  "sr-Cyrl",
  "sr-Latn",
  "xsr",
  "srx",
  "sms",
  "sk",
  "sl",
  "so",
  "sma",
  "es",
  "sw",
  "sv",
  "tg",
  "tt",
  "tet",
  "thf",
  "to",
  "tr",
  "tk",
  "tyv",
  "hsb",
  "ur",
  "ug",
  "uz-arab",
  "uz-cyrl",
  "uz",
  "vo",
  "wae",
  "cy",
  "fy",
  "yua",
  "za",
  "zu",
  "unk",
] as const;

/** The `@odata.type` of each built-in skill the library builds. */
export const SKILL_TYPES = {
  split: "#Microsoft.Skills.Text.SplitSkill",
  ocr: "#Microsoft.Skills.Vision.OcrSkill",
} as const;

/** Bounds of the split skill's `maximumPageLength` (Learn, Text split skill). */
export const SPLIT_PAGE_LENGTH = { min: 300, max: 50_000, default: 5000 } as const;

/** Split the document's text into chunks (`#Microsoft.Skills.Text.SplitSkill`). */
export interface SplitSkillOptions {
  /** `pages` (chunks up to `maximumPageLength` characters) or `sentences`. @default "pages" */
  readonly mode?: "pages" | "sentences";
  /** Longest chunk in characters, 300-50000; only with `mode: "pages"`. @default 5000 (Azure's) */
  readonly maximumPageLength?: number;
  /** Language of the text (one of `SPLIT_LANGUAGES`). @default "en" (Azure's) */
  readonly languageCode?: (typeof SPLIT_LANGUAGES)[number];
}

/** Read text in the documents' images (`#Microsoft.Skills.Vision.OcrSkill`). */
export interface OcrSkillOptions {
  /** Language of the text in the images (one of `OCR_LANGUAGES`). @default "en" (Azure's) */
  readonly languageCode?: (typeof OCR_LANGUAGES)[number];
  /** Detect and correct the orientation of rotated images. @default false (Azure's) */
  readonly detectOrientation?: boolean;
}

/** Where an enriched value goes: a node of the enrichment tree to a top-level index field. */
export interface OutputFieldMapping {
  /**
   * An enrichment node: `/document/content` (the extracted text, `Edm.String`), `/document/pages`
   * (the split chunks, `Collection(Edm.String)`) or `/document/normalized_images/*\/text` (the
   * text of each image, `Collection(Edm.String)`).
   */
  readonly sourceFieldName: string;
  /** A top-level field of the index whose type matches the node's. */
  readonly targetFieldName: string;
}

/** The skillset of a `SearchIndexerSchedule`: at least one skill, and where the results go. */
export interface SkillsetOptions {
  /** The skillset's name in the service (1-128 lowercase letters, digits, dashes). @default - `${name}-skillset` */
  readonly name?: string;
  /** Split the text into chunks at `/document/pages`. @default - no split */
  readonly split?: SplitSkillOptions;
  /** OCR the images; the text lands at `/document/normalized_images/*\/text`. @default - no OCR */
  readonly ocr?: OcrSkillOptions;
  /** Enrichment nodes to index fields (the indexer's `outputFieldMappings`). @default [] */
  readonly outputFieldMappings?: readonly OutputFieldMapping[];
}

/** Enrichment nodes the skillset produces, with the index field type each one fills. */
export function enrichmentNodes(options: SkillsetOptions): Record<string, string> {
  return {
    "/document/content": "Edm.String",
    ...(options.split ? { "/document/pages": "Collection(Edm.String)" } : {}),
    ...(options.ocr ? { "/document/normalized_images/*/text": "Collection(Edm.String)" } : {}),
  };
}

/**
 * Checks the skillset options the way Azure would on `PUT /skillsets` and on the indexer's
 * `outputFieldMappings`: at least one skill, the split skill's mode, page length and language, the
 * OCR language, and each output mapping from a node the skillset produces to an existing top-level
 * index field of the same type (Azure refuses a target the index lacks on `PUT /indexers`, and a
 * collection into a single-valued field fails every document).
 */
export function validateSkillset(
  ctx: ValidationContext,
  options: SkillsetOptions,
  fields: readonly SearchFieldSpec[],
  prop = "skillset",
): void {
  const check = new Check(ctx).at(prop);
  check.type("", options, "object");
  check.knownKeys("", options, ["name", "split", "ocr", "outputFieldMappings"]);
  if (options.name !== undefined) checkObjectName(ctx, `${prop}.name`, options.name, "indexer");
  check.conflict(
    !options.split && !options.ocr,
    "",
    "no skills",
    "must enable at least one skill (split or ocr)",
    "Pass split: {} to chunk the text, or ocr: {} to read text in images.",
  );
  if (options.split) {
    const s = check.at("split");
    s.type("", options.split, "object");
    s.knownKeys("", options.split, ["mode", "maximumPageLength", "languageCode"]);
    s.oneOf("mode", options.split.mode, ["pages", "sentences"]);
    s.intRange(
      "maximumPageLength",
      options.split.maximumPageLength,
      SPLIT_PAGE_LENGTH.min,
      SPLIT_PAGE_LENGTH.max,
    );
    s.conflict(
      options.split.mode === "sentences" && options.split.maximumPageLength !== undefined,
      "maximumPageLength",
      options.split.maximumPageLength,
      'only applies with mode "pages"',
    );
    s.oneOf("languageCode", options.split.languageCode, SPLIT_LANGUAGES);
  }
  if (options.ocr) {
    const o = check.at("ocr");
    o.type("", options.ocr, "object");
    o.knownKeys("", options.ocr, ["languageCode", "detectOrientation"]);
    o.oneOf("languageCode", options.ocr.languageCode, OCR_LANGUAGES);
    o.type("detectOrientation", options.ocr.detectOrientation, "boolean");
  }
  const nodes = enrichmentNodes(options);
  const byName = new Map(fields.map((f) => [f.name, f]));
  const seen = new Set<string>();
  check.each("outputFieldMappings", options.outputFieldMappings, (m, at) => {
    at.required("sourceFieldName", m.sourceFieldName);
    at.required("targetFieldName", m.targetFieldName);
    const type = nodes[m.sourceFieldName];
    at.conflict(
      type === undefined,
      "sourceFieldName",
      m.sourceFieldName,
      `must be an enrichment node this skillset produces: ${Object.keys(nodes).join(", ")}`,
    );
    const field = byName.get(m.targetFieldName);
    at.conflict(
      !field,
      "targetFieldName",
      m.targetFieldName,
      "must name a top-level field of the index",
    );
    at.conflict(
      field!.type !== type,
      "targetFieldName",
      m.targetFieldName,
      `is ${field!.type} but ${m.sourceFieldName} holds ${type}; the types must match`,
      type === "Collection(Edm.String)"
        ? `Declare { name: "${m.targetFieldName}", type: "Collection(Edm.String)" }.`
        : undefined,
    );
    at.conflict(
      seen.has(m.targetFieldName),
      "targetFieldName",
      m.targetFieldName,
      "is the target of another output field mapping",
    );
    seen.add(m.targetFieldName);
  });
}

/** REST body of the skillset (`PUT /skillsets/{name}`). */
export function buildSkillsetDefinition(name: string, options: SkillsetOptions) {
  const skills: Record<string, any>[] = [];
  if (options.ocr)
    skills.push({
      "@odata.type": SKILL_TYPES.ocr,
      name: "ocr",
      description: "Text in the documents' images",
      context: "/document/normalized_images/*",
      defaultLanguageCode: options.ocr.languageCode ?? "en",
      detectOrientation: options.ocr.detectOrientation ?? false,
      inputs: [{ name: "image", source: "/document/normalized_images/*" }],
      outputs: [{ name: "text", targetName: "text" }],
    });
  if (options.split) {
    const mode = options.split.mode ?? "pages";
    skills.push({
      "@odata.type": SKILL_TYPES.split,
      name: "split",
      description: "The document's text in chunks",
      context: "/document",
      textSplitMode: mode,
      ...(mode === "pages"
        ? { maximumPageLength: options.split.maximumPageLength ?? SPLIT_PAGE_LENGTH.default }
        : {}),
      defaultLanguageCode: options.split.languageCode ?? "en",
      inputs: [{ name: "text", source: "/document/content" }],
      outputs: [{ name: "textItems", targetName: "pages" }],
    });
  }
  return { name, description: "Built by SearchIndexerSchedule", skills };
}
