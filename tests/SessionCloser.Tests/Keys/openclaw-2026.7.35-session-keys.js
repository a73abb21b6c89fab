// Pure session-key functions copied verbatim from the published npm package openclaw@2026.7.35
// (package/dist; the //#region markers name the upstream source files), for the differential test
// SessionKeysDifferentialTests. Only the ESM import/export lines were dropped, and the original
// 2026.4.29 parseAgentSessionKey is included under another name for the era-A rules.
// Protocol: stdin is a JSON array of strings; stdout is a JSON array with one result object per string.
"use strict";
// from dist/string-coerce-DW4mBlAt.js
/** Trims string input and returns null for non-strings or empty strings. */
function normalizeNullableString(value) {
	if (typeof value !== "string") return null;
	const trimmed = value.trim();
	return trimmed ? trimmed : null;
}
/** Trims string input and returns undefined for non-strings or empty strings. */
function normalizeOptionalString(value) {
	return normalizeNullableString(value) ?? void 0;
}
/** Lowercases a normalized optional string. */
function normalizeOptionalLowercaseString(value) {
	return normalizeOptionalString(value)?.toLowerCase();
}
/** Lowercases a normalized string or returns an empty string when absent. */
function normalizeLowercaseStringOrEmpty(value) {
	return normalizeOptionalLowercaseString(value) ?? "";
}
// from dist/session-key-utils-A-JGvyXu.js
//#region src/sessions/session-key-utils.ts
const CASE_PRESERVING_PEERS = [{
	channel: "signal",
	peerKinds: /* @__PURE__ */ new Set(["group"]),
	span: "segment",
	unscoped: true
}, {
	channel: "matrix",
	peerKinds: /* @__PURE__ */ new Set(["channel", "group"]),
	span: "tail",
	unscoped: true
}];
/** True when (channel, peerKind) owns a case-sensitive opaque peer ID. */
function isCasePreservingPeer(channel, peerKind) {
	return findCasePreservingPeerDescriptor(normalizeLowercaseStringOrEmpty(channel), normalizeLowercaseStringOrEmpty(peerKind)) !== void 0;
}
function findCasePreservingPeerDescriptor(channel, peerKind) {
	const c = normalizeLowercaseStringOrEmpty(channel);
	const k = normalizeLowercaseStringOrEmpty(peerKind);
	return CASE_PRESERVING_PEERS.find((d) => d.channel === c && d.peerKinds.has(k));
}
function requiresFoldedSessionKeyAliasProof(sessionKey) {
	const raw = normalizeOptionalString(sessionKey);
	if (!raw) return false;
	const parts = raw.split(":");
	let bodyStartIndex = 0;
	let hasAgentWrapper = false;
	while (parts.length - bodyStartIndex >= 3 && normalizeOptionalLowercaseString(parts[bodyStartIndex]) === "agent") {
		hasAgentWrapper = true;
		bodyStartIndex += 2;
	}
	if (hasAgentWrapper) while (bodyStartIndex < parts.length && !normalizeOptionalString(parts[bodyStartIndex])) bodyStartIndex += 1;
	return findCasePreservingPeerDescriptor(parts[bodyStartIndex], parts[bodyStartIndex + 1])?.span === "tail";
}
function normalizeSessionPeerId(params) {
	const peerId = (params.peerId ?? "").trim();
	if (!peerId) return "";
	return isCasePreservingPeer(params.channel, params.peerKind) ? peerId : normalizeLowercaseStringOrEmpty(peerId);
}
function escapeRegExp(value) {
	return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
const NORMALIZED_SESSION_KEY_CACHE_MAX_ENTRIES = 2048;
const NORMALIZED_SESSION_KEY_CACHE_MAX_LENGTH = 4096;
const normalizedSessionKeyCache = /* @__PURE__ */ new Map();
function readNormalizedSessionKeyCache(raw) {
	return raw.length <= NORMALIZED_SESSION_KEY_CACHE_MAX_LENGTH ? normalizedSessionKeyCache.get(raw) : void 0;
}
function writeNormalizedSessionKeyCache(raw, normalized) {
	if (raw.length > NORMALIZED_SESSION_KEY_CACHE_MAX_LENGTH) return;
	normalizedSessionKeyCache.set(raw, normalized);
	while (normalizedSessionKeyCache.size > NORMALIZED_SESSION_KEY_CACHE_MAX_ENTRIES) {
		const oldest = normalizedSessionKeyCache.keys().next().value;
		if (oldest === void 0) return;
		normalizedSessionKeyCache.delete(oldest);
	}
}
function mayContainCasePreservingPeer(raw) {
	const folded = raw.toLowerCase();
	return CASE_PRESERVING_PEERS.some((descriptor) => folded.includes(`${descriptor.channel}:`));
}
/**
* Collect [start,end) index ranges in `raw` whose case must be preserved, per the
* CASE_PRESERVING_PEERS registry. Spans may come from multiple descriptors; the
* caller lowercases everything OUTSIDE their union — collect-then-emit, never
* sequential transforms that could re-lowercase an already-preserved span.
*/
function collectCasePreservedSpans(raw) {
	const spans = [];
	for (const descriptor of CASE_PRESERVING_PEERS) {
		const channel = escapeRegExp(descriptor.channel);
		for (const peerKind of descriptor.peerKinds) {
			const kind = escapeRegExp(peerKind);
			if (descriptor.span === "segment") {
				const re = new RegExp(`(^|:)${channel}:${kind}:([^:]+)`, "gi");
				for (const match of raw.matchAll(re)) {
					const matched = match[0] ?? "";
					const segment = match[2] ?? "";
					const segStart = (match.index ?? 0) + matched.length - segment.length;
					spans.push({
						start: segStart,
						end: segStart + segment.length,
						trim: true
					});
				}
			} else {
				const collectTailSpan = (tailStart) => {
					if (tailStart >= raw.length) return;
					const markerIndex = normalizeLowercaseStringOrEmpty(raw.slice(tailStart)).lastIndexOf(":thread:");
					if (markerIndex === -1) {
						spans.push({
							start: tailStart,
							end: raw.length,
							trim: false
						});
						return;
					}
					spans.push({
						start: tailStart,
						end: tailStart + markerIndex,
						trim: false
					});
					const threadIdStart = tailStart + markerIndex + 8;
					if (threadIdStart < raw.length) spans.push({
						start: threadIdStart,
						end: raw.length,
						trim: false
					});
				};
				const scopedMatch = new RegExp(`^(?:agent:[^:]*:)+:*${channel}:${kind}:`, "i").exec(raw);
				if (scopedMatch) {
					collectTailSpan(scopedMatch[0].length);
					continue;
				}
				if (descriptor.unscoped) {
					const unscopedMatch = new RegExp(`^${channel}:${kind}:`, "i").exec(raw);
					if (unscopedMatch) collectTailSpan(unscopedMatch[0].length);
				}
			}
		}
	}
	return spans;
}
function normalizeSessionKeyPreservingOpaquePeerIds(sessionKey) {
	const raw = normalizeOptionalString(sessionKey);
	if (!raw) return "";
	const cached = readNormalizedSessionKeyCache(raw);
	if (cached !== void 0) return cached;
	if (!mayContainCasePreservingPeer(raw)) {
		const normalized = raw.toLowerCase();
		writeNormalizedSessionKeyCache(raw, normalized);
		return normalized;
	}
	const spans = collectCasePreservedSpans(raw).filter((span) => span.end > span.start).toSorted((a, b) => a.start - b.start);
	let normalized = "";
	let cursor = 0;
	for (const span of spans) {
		if (span.start < cursor) continue;
		normalized += normalizeLowercaseStringOrEmpty(raw.slice(cursor, span.start));
		const preserved = raw.slice(span.start, span.end);
		normalized += span.trim ? preserved.trim() : preserved;
		cursor = span.end;
	}
	normalized += normalizeLowercaseStringOrEmpty(raw.slice(cursor));
	writeNormalizedSessionKeyCache(raw, normalized);
	return normalized;
}
/**
* Parse agent-scoped session keys in a canonical, case-insensitive way.
* Returned values are canonicalized for stable comparisons/routing while
* preserving provider-owned opaque peer IDs.
*/
function parseAgentSessionKey(sessionKey) {
	const raw = normalizeSessionKeyPreservingOpaquePeerIds(sessionKey);
	if (!raw) return null;
	const parts = raw.split(":");
	if (parts.length < 3 || !parts[1] || !parts[2]) return null;
	if (parts[0] !== "agent") return null;
	const agentId = normalizeOptionalString(parts[1]);
	const rest = parts.slice(2).join(":");
	if (!agentId || !rest) return null;
	return {
		agentId,
		rest
	};
}
function isCronRunSessionKey(sessionKey) {
	const parsed = parseAgentSessionKey(sessionKey);
	if (!parsed) return false;
	return /^cron:[^:]+:run:[^:]+(?::|$)/.test(parsed.rest);
}
function parseThreadSessionSuffix(sessionKey) {
	const raw = normalizeOptionalString(sessionKey);
	if (!raw) return {
		baseSessionKey: void 0,
		threadId: void 0
	};
	const markerIndex = normalizeLowercaseStringOrEmpty(raw).lastIndexOf(":thread:");
	return {
		baseSessionKey: markerIndex === -1 ? raw : raw.slice(0, markerIndex),
		threadId: normalizeOptionalString(markerIndex === -1 ? void 0 : raw.slice(markerIndex + 8))
	};
}
//#endregion
// from dist/session-key-VWT_xzM9.js
//#region src/routing/session-key.ts
const DEFAULT_AGENT_ID = "main";
const DEFAULT_MAIN_KEY = "main";
const VALID_ID_RE = /^[a-z0-9][a-z0-9_-]{0,63}$/i;
const INVALID_CHARS_RE = /[^a-z0-9_-]+/g;
const LEADING_DASH_RE = /^-+/;
const TRAILING_DASH_RE = /-+$/;
function normalizeAgentId(value) {
	const trimmed = (value ?? "").trim();
	if (!trimmed) return DEFAULT_AGENT_ID;
	const normalized = normalizeLowercaseStringOrEmpty(trimmed);
	if (VALID_ID_RE.test(trimmed)) return normalized;
	return normalized.replace(INVALID_CHARS_RE, "-").replace(LEADING_DASH_RE, "").replace(TRAILING_DASH_RE, "").slice(0, 64) || "main";
}
//#endregion
// from dist/store-OOVm99jJ.js
//#region src/config/sessions/store-entry.ts
function normalizeStoreSessionKey(sessionKey) {
	return normalizeSessionKeyPreservingOpaquePeerIds(sessionKey);
}
function foldedSessionKeyAliasCandidates(normalizedKey) {
	const aliases = /* @__PURE__ */ new Set();
	const foldedLegacyKey = normalizeLowercaseStringOrEmpty(normalizedKey);
	if (foldedLegacyKey !== normalizedKey) aliases.add(foldedLegacyKey);
	if (requiresFoldedSessionKeyAliasProof(normalizedKey)) {
		const { baseSessionKey, threadId } = parseThreadSessionSuffix(normalizedKey);
		const foldedBaseKey = normalizeLowercaseStringOrEmpty(baseSessionKey);
		if (baseSessionKey && threadId && foldedBaseKey !== baseSessionKey) aliases.add(`${foldedBaseKey}:thread:${threadId}`);
	}
	return [...aliases];
}
//#endregion
// from openclaw@2026.4.29 dist/session-key-utils-BKB1OWzs.js (era A)
function parseAgentSessionKey_2026_4_29(sessionKey) {
	const raw = normalizeOptionalLowercaseString(sessionKey);
	if (!raw) return null;
	const parts = raw.split(":").filter(Boolean);
	if (parts.length < 3) return null;
	if (parts[0] !== "agent") return null;
	const agentId = normalizeOptionalString(parts[1]);
	const rest = parts.slice(2).join(":");
	if (!agentId || !rest) return null;
	return {
		agentId,
		rest
	};
}
// --- test driver (not OpenClaw code) ---
const keys = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
const parsed = (p) => (p ? [p.agentId, p.rest] : null);
process.stdout.write(JSON.stringify(keys.map((key) => ({
	normalized: normalizeStoreSessionKey(key),
	lowered: normalizeLowercaseStringOrEmpty(key),
	parsed: parsed(parseAgentSessionKey(key)),
	parsedEraA: parsed(parseAgentSessionKey_2026_4_29(key)),
	agentId: normalizeAgentId(key),
	foldedAliases: foldedSessionKeyAliasCandidates(normalizeStoreSessionKey(key)),
	needsProof: requiresFoldedSessionKeyAliasProof(normalizeStoreSessionKey(key))
}))));
