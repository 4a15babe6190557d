// mcdrop web page: plain JS, no dependencies. Talks to the native REST API of the same server.
"use strict";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
let models = [];
let lastFile = null;
let lastResult = null;
// The server's default request size limit (micronaut.server.max-request-size); the server answers
// 413 beyond its own limit anyway, this only spares the user a pointless upload.
const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

function svgEl(name, attrs, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

function setStatus(text, isError) {
  $("status").textContent = text || "";
  $("status").className = isError ? "error" : "";
}

async function loadModels() {
  try {
    const r = await fetch("/api/v1/models");
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || r.statusText);
    models = body;
    const sel = $("model");
    sel.innerHTML = "";
    for (const m of models) {
      const o = document.createElement("option");
      o.value = m.name;
      o.textContent = m.name + (m.mcCapable ? "" : " (no dropout)");
      sel.appendChild(o);
    }
    if (models.length === 0) setStatus("This server has no models loaded yet.", true);
    showModelInfo();
  } catch (e) {
    setStatus("Cannot list models: " + e.message, true);
  }
}

function currentModel() {
  return models.find((m) => m.name === $("model").value);
}

function showModelInfo() {
  const m = currentModel();
  if (!m) return;
  const img = m.image ? `${m.image.width}×${m.image.height}, ${m.image.channels === 1 ? "grayscale" : "RGB"}` : "tensor input only";
  const drops = m.dropoutLayers.map((d) => `${d.kind} ${d.rate}`).join(", ") || "none";
  $("model-info").textContent =
    `${m.classes} classes · input ${img} · dropout layers: ${drops} · sampling: ${m.strategy}`;
  if (!m.mcCapable) $("samples").value = 1;
}

// The MC sample count as typed: a whole number >= 1, or null (and an error shown).
function samplesValue() {
  const raw = $("samples").value.trim();
  if (!/^[0-9]+$/.test(raw) || parseInt(raw, 10) < 1) {
    setStatus("MC samples must be a whole number of at least 1 (1 = a single deterministic pass).", true);
    return null;
  }
  return parseInt(raw, 10);
}

function clearResult() {
  lastResult = null;
  $("result").hidden = true;
}

async function classify(file) {
  const m = currentModel();
  if (!file || !m) return;
  lastFile = file;
  clearResult();
  $("preview").src = URL.createObjectURL(file);
  $("preview").hidden = false;
  if (file.size > MAX_UPLOAD_BYTES) {
    setStatus(`This file is ${(file.size / 1048576).toFixed(1)} MB; the server takes images up to ${MAX_UPLOAD_BYTES / 1048576} MB.`, true);
    return;
  }
  const samples = samplesValue();
  if (samples === null) return;
  const form = new FormData();
  form.append("image", file, file.name);
  setStatus("Classifying with " + samples + " MC sample" + (samples === 1 ? "" : "s") + "…");
  const url = `/api/v1/models/${encodeURIComponent(m.name)}/classify?samples=${samples}&raw=true&topK=${Math.min(3, m.classes)}`;
  try {
    const r = await fetch(url, { method: "POST", body: form });
    let body = null;
    try {
      body = await r.json();
    } catch (ignored) {
      // not JSON (e.g. a proxy's error page): fall back to the status text
    }
    if (!r.ok) throw new Error((body && body.error) || `${r.status} ${r.statusText}`);
    if (file !== lastFile) return; // a newer upload is on its way
    setStatus(`${body.samples} sample${body.samples === 1 ? "" : "s"} drawn (${body.strategy}).`);
    render(body, m);
  } catch (e) {
    if (file !== lastFile) return;
    clearResult();
    setStatus(e.message, true);
  }
}

// The verdict the runtime computed (field "verdict", the same word the CLI prints), explained in
// the runtime's words. Older servers send no verdict: then the runtime's default thresholds (nats)
// are applied here.
const VERDICTS = {
  confident: ["Confident",
    "Most of the probability is on one class and the model's dropout samples agree on it."],
  ambiguous: ["Ambiguous",
    "The probability is shared between classes: the image itself could be more than one thing."],
  uncertain: ["Uncertain",
    "The model does not know: its dropout samples disagree (or, without sampling, its prediction is spread out), as on images unlike those it was trained on."],
};

function isSampled(p) {
  return p.sampled !== undefined ? p.sampled : p.samples > 1;
}

function verdictWord(p) {
  if (VERDICTS[p.verdict]) return p.verdict;
  const sampled = isSampled(p);
  const confidence = p.probabilities[p.index];
  if (sampled ? p.mutualInformation >= 0.1 : p.entropy >= 1.0) return "uncertain";
  if ((sampled ? p.expectedEntropy : p.entropy) >= 0.5 || confidence < 0.9) return "ambiguous";
  return "confident";
}

function verdict(p) {
  const word = verdictWord(p);
  const [title, text] = VERDICTS[word];
  return [word, title, isSampled(p) ? text
    : text + " Single deterministic pass: no spread measured; use more samples to see the uncertainty."];
}

function render(p, m) {
  lastResult = [p, m];
  $("result").hidden = false;
  $("label").textContent = p.label;
  $("confidence").textContent = `${(100 * p.probabilities[p.index]).toFixed(1)} % mean probability`;
  // A calibrated model's conformal prediction set, with what it means in one sentence.
  const set = $("prediction-set");
  set.hidden = !p.predictionSet;
  set.textContent = p.predictionSet
    ? `Prediction set {${p.predictionSet.join(", ")}}: on images like the ones the model was calibrated on, `
      + "this set holds the true class for at least 1 − α of them (90 % at the usual α = 0.1); an empty set means no class is likely enough."
    : "";
  const [cls, title, text] = verdict(p);
  $("verdict").className = "verdict " + cls;
  $("verdict-text").innerHTML = "";
  const strong = document.createElement("strong");
  strong.textContent = title;
  $("verdict-text").append(strong, document.createElement("br"), text);
  probabilityChart(p, m.labels);
  uncertaintyMeters(p, m.classes);
  stripChart(p, m.labels);
}

function probabilityChart(p, labels) {
  const svg = $("prob-chart");
  svg.innerHTML = "";
  const width = chartWidth(svg);
  const narrow = width < 560;
  const row = 24, left = narrow ? 92 : 130, right = narrow ? 84 : 110;
  const plotW = width - left - right;
  const sampled = isSampled(p);
  svg.setAttribute("viewBox", `0 0 ${width} ${labels.length * row + 24}`);
  for (let t = 0; t <= 4; t++) {
    const x = left + (plotW * t) / 4;
    svg.appendChild(svgEl("line", { x1: x, x2: x, y1: 0, y2: labels.length * row, class: "axis" }));
    svg.appendChild(svgEl("text", { x: x, y: labels.length * row + 16, "text-anchor": "middle" }, (t / 4).toFixed(2)));
  }
  labels.forEach((name, i) => {
    const y = i * row;
    const prob = p.probabilities[i];
    svg.appendChild(svgEl("text", { x: left - 8, y: y + 16, "text-anchor": "end" }, name));
    const bar = svgEl("rect", { x: left, y: y + 4, width: Math.max(1, plotW * prob), height: row - 8,
      class: "bar" + (i === p.index ? " top" : "") });
    bar.appendChild(svgEl("title", {}, sampled
      ? `${name}: ${prob.toFixed(3)} (95 %: ${p.lower[i].toFixed(3)}–${p.upper[i].toFixed(3)}, std ${p.std[i].toFixed(3)})`
      : `${name}: ${prob.toFixed(3)} (one pass: spread n/a)`));
    svg.appendChild(bar);
    if (sampled) {
      const x1 = left + plotW * p.lower[i], x2 = left + plotW * p.upper[i], cy = y + row / 2;
      svg.appendChild(svgEl("line", { x1, x2, y1: cy, y2: cy, class: "whisker" }));
      svg.appendChild(svgEl("line", { x1, x2: x1, y1: cy - 5, y2: cy + 5, class: "whisker" }));
      svg.appendChild(svgEl("line", { x1: x2, x2, y1: cy - 5, y2: cy + 5, class: "whisker" }));
    }
    svg.appendChild(svgEl("text", { x: width - right + 8, y: y + 16 },
      `${(100 * prob).toFixed(1)} %` + (sampled ? ` ± ${(100 * p.std[i]).toFixed(1)}` : " ± n/a")));
  });
}

function meter(kind, name, value, max, why) {
  // value null: not measured (a single deterministic pass)
  const d = document.createElement("div");
  d.className = "meter " + kind;
  const label = document.createElement("span");
  label.textContent = name;
  const track = document.createElement("div");
  track.className = "track";
  const fill = document.createElement("div");
  fill.className = "fill";
  fill.style.width = value === null ? "0%" : `${Math.min(100, (100 * value) / max)}%`;
  track.appendChild(fill);
  const num = document.createElement("span");
  num.className = "value";
  num.textContent = value === null ? "n/a" : value.toFixed(3);
  const w = document.createElement("p");
  w.className = "why";
  w.textContent = why;
  d.append(label, track, num, w);
  return d;
}

function uncertaintyMeters(p, k) {
  const box = $("uncertainty");
  box.innerHTML = "";
  const hmax = Math.log(k);
  const sampled = isSampled(p);
  box.append(
    meter("epistemic", "Epistemic (model)", sampled ? p.mutualInformation : null, hmax,
      "Mutual information: how much the samples disagree. High means the model has not seen inputs like this; more data would help."),
    meter("aleatoric", "Aleatoric (data)", p.expectedEntropy, hmax,
      "Expected entropy: how spread out each single sample already is. High means the image itself is ambiguous; more data would not help."),
    meter("total", "Total (predictive entropy)", p.entropy, hmax,
      `Entropy of the mean probabilities = epistemic + aleatoric. The maximum for ${k} classes is ln ${k} = ${hmax.toFixed(3)}.`),
    meter("votes", "Variation ratio", sampled ? p.variationRatio : null, 1,
      "Share of samples whose top class differs from the majority's."));
}

function stripChart(p, labels) {
  const svg = $("strip-chart");
  svg.innerHTML = "";
  const top = p.topK.map((c) => c.index);
  const width = chartWidth(svg);
  const row = 44, left = width < 560 ? 92 : 130, right = 30;
  const plotW = width - left - right;
  svg.setAttribute("viewBox", `0 0 ${width} ${top.length * row + 24}`);
  for (let t = 0; t <= 4; t++) {
    const x = left + (plotW * t) / 4;
    svg.appendChild(svgEl("line", { x1: x, x2: x, y1: 0, y2: top.length * row, class: "axis" }));
    svg.appendChild(svgEl("text", { x: x, y: top.length * row + 16, "text-anchor": "middle" }, (t / 4).toFixed(2)));
  }
  const raw = isSampled(p) ? p.rawSamples || [] : [];
  $("strip-note").hidden = isSampled(p);
  top.forEach((cls, r) => {
    const y0 = r * row;
    svg.appendChild(svgEl("text", { x: left - 8, y: y0 + row / 2 + 4, "text-anchor": "end" }, labels[cls]));
    raw.forEach((sample, t) => {
      // Deterministic jitter (golden ratio) so the plot does not change between renders.
      const jitter = ((t * 0.618034) % 1) * (row - 16) + 8;
      svg.appendChild(svgEl("circle", { cx: left + plotW * sample[cls], cy: y0 + jitter, r: 3.5, class: "sample" }));
    });
    const mx = left + plotW * p.probabilities[cls];
    svg.appendChild(svgEl("line", { x1: mx, x2: mx, y1: y0 + 4, y2: y0 + row - 4, class: "mean" }));
  });
}

// Chart coordinates in CSS pixels of the chart's width, so labels keep their size on any screen.
function chartWidth(svg) {
  const w = Math.round(svg.getBoundingClientRect().width || svg.parentElement.clientWidth || 760);
  return Math.max(300, Math.min(900, w));
}

let resizeTimer = null;
window.addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => {
    if (lastResult) render(...lastResult);
  }, 100);
});

function setupDrop() {
  const drop = $("drop");
  ["dragenter", "dragover"].forEach((ev) => drop.addEventListener(ev, (e) => {
    e.preventDefault();
    drop.classList.add("over");
  }));
  ["dragleave", "drop"].forEach((ev) => drop.addEventListener(ev, (e) => {
    e.preventDefault();
    drop.classList.remove("over");
  }));
  drop.addEventListener("drop", (e) => {
    if (e.dataTransfer.files.length > 0) classify(e.dataTransfer.files[0]);
  });
  $("file").addEventListener("change", (e) => {
    if (e.target.files.length > 0) classify(e.target.files[0]);
  });
  $("model").addEventListener("change", () => {
    showModelInfo();
    if (lastFile) classify(lastFile);
  });
  $("samples").addEventListener("change", () => {
    if (lastFile) classify(lastFile);
  });
}

setupDrop();
loadModels();
