// mcdrop web page: plain JS, no dependencies. Talks to the native REST API of the same server.
"use strict";

const $ = (id) => document.getElementById(id);
const SVG = "http://www.w3.org/2000/svg";
let models = [];
let lastFile = null;

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

async function classify(file) {
  const m = currentModel();
  if (!file || !m) return;
  lastFile = file;
  $("preview").src = URL.createObjectURL(file);
  $("preview").hidden = false;
  const samples = parseInt($("samples").value, 10) || 1;
  const form = new FormData();
  form.append("image", file, file.name);
  setStatus("Classifying with " + samples + " MC sample" + (samples === 1 ? "" : "s") + "…");
  const url = `/api/v1/models/${encodeURIComponent(m.name)}/classify?samples=${samples}&raw=true&topK=${Math.min(3, m.classes)}`;
  try {
    const r = await fetch(url, { method: "POST", body: form });
    const body = await r.json();
    if (!r.ok) throw new Error(body.error || r.statusText);
    setStatus(`${body.samples} sample${body.samples === 1 ? "" : "s"} drawn (${body.strategy}).`);
    render(body, m);
  } catch (e) {
    setStatus(e.message, true);
  }
}

// Verdict thresholds are relative to the largest possible entropy, ln K.
function verdict(p, k) {
  const hmax = Math.log(k);
  const h = p.entropy / hmax;
  const mi = p.mutualInformation / hmax;
  if (p.samples > 1 && (h > 0.6 || p.variationRatio > 0.3)) {
    return ["very-uncertain", "Very uncertain",
      "The samples disagree about the class: treat this answer as a guess and look at the image yourself."];
  }
  if (h > 0.25 || mi > 0.05 || p.variationRatio > 0.1) {
    return ["uncertain", "Uncertain",
      mi > 0.05 ? "The model itself is unsure (high epistemic uncertainty): this input looks unlike its training data."
        : "The image is ambiguous between classes (aleatoric uncertainty)."];
  }
  return ["confident", "Confident", p.samples > 1
    ? "The MC samples agree: the answer barely moves when dropout switches neurons off."
    : "Single deterministic pass: no spread to measure. Use more samples to see the uncertainty."];
}

function render(p, m) {
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
  const [cls, title, text] = verdict(p, m.classes);
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
  const row = 24, left = 130, right = 110, width = 760;
  const plotW = width - left - right;
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
    bar.appendChild(svgEl("title", {}, `${name}: ${prob.toFixed(3)} (95 %: ${p.lower[i].toFixed(3)}–${p.upper[i].toFixed(3)}, std ${p.std[i].toFixed(3)})`));
    svg.appendChild(bar);
    if (p.samples > 1) {
      const x1 = left + plotW * p.lower[i], x2 = left + plotW * p.upper[i], cy = y + row / 2;
      svg.appendChild(svgEl("line", { x1, x2, y1: cy, y2: cy, class: "whisker" }));
      svg.appendChild(svgEl("line", { x1, x2: x1, y1: cy - 5, y2: cy + 5, class: "whisker" }));
      svg.appendChild(svgEl("line", { x1: x2, x2, y1: cy - 5, y2: cy + 5, class: "whisker" }));
    }
    svg.appendChild(svgEl("text", { x: width - right + 8, y: y + 16 },
      `${(100 * prob).toFixed(1)} %` + (p.samples > 1 ? ` ± ${(100 * p.std[i]).toFixed(1)}` : "")));
  });
}

function meter(kind, name, value, max, why) {
  const d = document.createElement("div");
  d.className = "meter " + kind;
  const label = document.createElement("span");
  label.textContent = name;
  const track = document.createElement("div");
  track.className = "track";
  const fill = document.createElement("div");
  fill.className = "fill";
  fill.style.width = `${Math.min(100, (100 * value) / max)}%`;
  track.appendChild(fill);
  const num = document.createElement("span");
  num.textContent = value.toFixed(3);
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
  box.append(
    meter("epistemic", "Epistemic (model)", p.mutualInformation, hmax,
      "Mutual information: how much the samples disagree. High means the model has not seen inputs like this; more data would help."),
    meter("aleatoric", "Aleatoric (data)", p.expectedEntropy, hmax,
      "Expected entropy: how spread out each single sample already is. High means the image itself is ambiguous; more data would not help."),
    meter("total", "Total (predictive entropy)", p.entropy, hmax,
      `Entropy of the mean probabilities = epistemic + aleatoric. The maximum for ${k} classes is ln ${k} = ${hmax.toFixed(3)}.`),
    meter("votes", "Variation ratio", p.variationRatio, 1,
      "Share of samples whose top class differs from the majority's."));
}

function stripChart(p, labels) {
  const svg = $("strip-chart");
  svg.innerHTML = "";
  const top = p.topK.map((c) => c.index);
  const row = 44, left = 130, width = 760, right = 30;
  const plotW = width - left - right;
  svg.setAttribute("viewBox", `0 0 ${width} ${top.length * row + 24}`);
  for (let t = 0; t <= 4; t++) {
    const x = left + (plotW * t) / 4;
    svg.appendChild(svgEl("line", { x1: x, x2: x, y1: 0, y2: top.length * row, class: "axis" }));
    svg.appendChild(svgEl("text", { x: x, y: top.length * row + 16, "text-anchor": "middle" }, (t / 4).toFixed(2)));
  }
  const raw = p.rawSamples || [];
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
