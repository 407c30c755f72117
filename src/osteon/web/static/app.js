// Osteon page: profile form, scenario builder, forecast results. No external resources.
"use strict";
let VOCAB = null;
let uid = 0;
const SITES = { lumbar_spine: "Lumbar spine", femoral_neck: "Femoral neck", total_hip: "Total hip", total_body: "Total body" };
const $ = (id) => document.getElementById(id);
const fx = (v, d = 2) => (v === null || v === undefined ? "n/a" : v.toFixed(d));

function el(tag, attrs = {}, children = []) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "text") e.textContent = v; else if (v !== null && v !== undefined) e.setAttribute(k, v);
  }
  for (const c of children) e.append(c);
  return e;
}
function field(labelText, input) {
  const id = "f" + (++uid);
  input.id = id;
  return el("div", { class: "fld" }, [el("label", { for: id, text: labelText }), input]);
}
function select(options, value) {
  const s = el("select");
  for (const o of options) s.append(el("option", { value: o, text: o }));
  if (value !== undefined) s.value = value;
  return s;
}
function removeButton(row, what) {
  const b = el("button", { type: "button", "aria-label": "Remove " + what, text: "Remove" });
  b.addEventListener("click", () => row.remove());
  return b;
}

function addScan(v = {}) {
  const row = el("div", { class: "row", role: "group", "aria-label": "DXA scan" });
  const age = el("input", { type: "number", min: 30, max: 100, step: 0.1, "data-k": "age", value: v.age ?? $("age").value });
  const site = select(["femoral_neck", "total_hip", "lumbar_spine"], v.site); site.dataset.k = "site";
  const man = select(["hologic", "ge_lunar", "norland"], v.manufacturer); man.dataset.k = "manufacturer";
  const bmd = el("input", { type: "number", min: 0.2, max: 2.5, step: 0.001, "data-k": "bmd", value: v.bmd ?? "" });
  const t = el("input", { type: "number", min: -7, max: 5, step: 0.1, "data-k": "t_score", value: v.t_score ?? "" });
  row.append(field("Age at scan", age), field("Site", site), field("Scanner", man), field("BMD g/cm²", bmd), field("or T-score", t), removeButton(row, "scan"));
  $("scans").append(row);
}

function addLab(v = {}) {
  const row = el("div", { class: "row", role: "group", "aria-label": "Lab value" });
  const analytes = Object.keys(VOCAB.labs);
  const an = select(analytes, v.analyte || "estradiol"); an.dataset.k = "analyte";
  const val = el("input", { type: "number", min: 0, step: "any", "data-k": "value", value: v.value ?? "" });
  const unit = el("select", { "data-k": "unit" });
  const fill = () => {
    unit.replaceChildren();
    const spec = VOCAB.labs[an.value];
    for (const u of spec.units) unit.append(el("option", { value: u, text: u }));
    unit.value = v.unit && spec.units.includes(v.unit) ? v.unit : spec.conventional_unit;
  };
  an.addEventListener("change", () => { v = {}; fill(); });
  fill();
  row.append(field("Analyte", an), field("Value", val), field("Unit", unit), removeButton(row, "lab value"));
  $("labs").append(row);
}

function interventionFields(box, kind, values = {}) {
  box.replaceChildren();
  const spec = VOCAB.interventions[kind];
  for (const [name, f] of Object.entries(spec.fields)) {
    const optional = !spec.required.includes(name);
    const label = name.replaceAll("_", " ") + (optional ? " (optional)" : "");
    let input;
    if (f.type === "enum") {
      input = select(optional ? ["", ...f.choices] : f.choices, values[name]);
    } else if (f.type === "enum_list") {
      input = el("select", { multiple: "multiple", size: 3 });
      for (const c of f.choices) input.append(el("option", { value: c, text: c }));
      for (const o of input.options) o.selected = (values[name] || [f.choices[0]]).includes(o.value);
    } else if (f.type === "number" || f.type === "integer") {
      input = el("input", { type: "number", step: f.type === "integer" ? 1 : "any", min: f.lo ?? null, max: f.hi ?? null });
      const ex = f.example.split(":")[1].trim();
      input.value = values[name] ?? (optional ? "" : ex);
      input.placeholder = ex;
    } else {
      input = el("input", { type: "text", inputmode: "text" });
      const ex = f.example.split(": ").slice(1).join(": ");
      input.value = values[name] ?? (optional ? "" : ex);
      input.placeholder = "e.g. " + ex;
    }
    input.dataset.k = name; input.dataset.type = f.type;
    box.append(field(label, input));
  }
  for (const name of ["start", "stop"]) {
    const input = el("input", { type: "text", placeholder: "e.g. 2 years" });
    input.value = values[name] ?? "";
    input.dataset.k = name; input.dataset.type = "time";
    box.append(field(name + " (optional)", input));
  }
}

function addIntervention(list, v = {}) {
  const row = el("div", { class: "row intervention", role: "group", "aria-label": "Intervention" });
  const kinds = Object.keys(VOCAB.interventions).filter((k) => VOCAB.interventions[k].supported);
  const kind = select(kinds, v.intervention || "calcium"); kind.dataset.k = "intervention"; kind.classList.add("kind");
  const box = el("div", { class: "row fields" });
  kind.addEventListener("change", () => interventionFields(box, kind.value));
  interventionFields(box, kind.value, v);
  row.append(field("Intervention", kind), box, removeButton(row, "intervention"));
  list.append(row);
}

function addScenario(v = { name: "", interventions: [{}] }) {
  const n = $("scenarios").children.length + 1;
  const box = el("div", { class: "scenario", role: "group", "aria-label": "Scenario " + n });
  const name = el("input", { type: "text", maxlength: 60, value: v.name || "scenario " + n, "data-k": "name" });
  name.classList.add("scenario-name");
  const list = el("div", { class: "interventions" });
  const add = el("button", { type: "button", text: "Add intervention to this scenario" });
  add.addEventListener("click", () => addIntervention(list));
  box.append(field("Scenario name", name), list, add, removeButton(box, "scenario"));
  for (const iv of v.interventions) addIntervention(list, iv);
  $("scenarios").append(box);
}

function num(id) { const v = $(id).value; return v === "" ? null : Number(v); }

function collect() {
  const profile = { sex: $("sex").value, age: num("age"), steps_per_day: num("steps_per_day") ?? 7000,
    falls_last_year: num("falls_last_year") ?? 0, prior_fracture: $("prior_fracture").checked,
    glucocorticoids: $("glucocorticoids").checked, labs: [], dxa: [] };
  for (const k of ["menopause_age", "body_mass_kg", "height_cm", "calcium_mg_per_day"]) if (num(k) !== null) profile[k] = num(k);
  if (profile.sex === "female") profile.menopause = $("menopause").value; else delete profile.menopause_age;
  for (const row of $("scans").children) {
    const s = {};
    for (const i of row.querySelectorAll("[data-k]")) if (i.value !== "") s[i.dataset.k] = ["site", "manufacturer"].includes(i.dataset.k) ? i.value : Number(i.value);
    profile.dxa.push(s);
  }
  for (const row of $("labs").children) {
    const l = {};
    for (const i of row.querySelectorAll("[data-k]")) l[i.dataset.k] = i.dataset.k === "value" ? Number(i.value) : i.value;
    profile.labs.push(l);
  }
  const scenarios = [];
  for (const box of $("scenarios").children) {
    const sc = { name: box.querySelector(".scenario-name").value, interventions: [] };
    for (const row of box.querySelectorAll(".intervention")) {
      const iv = { intervention: row.querySelector(".kind").value };
      for (const i of row.querySelectorAll(".fields [data-k]")) {
        if (i.dataset.type === "enum_list") iv[i.dataset.k] = [...i.selectedOptions].map((o) => o.value);
        else if (i.value === "") continue;
        else if (i.dataset.type === "number" || i.dataset.type === "integer") iv[i.dataset.k] = Number(i.value);
        else iv[i.dataset.k] = i.value;
      }
      sc.interventions.push(iv);
    }
    scenarios.push(sc);
  }
  return { profile, scenarios, years: num("years") ?? 10, draws: num("draws") ?? 12 };
}

function showError(err) {
  const e = err.error || { field: "request", problem: String(err) };
  $("error").textContent = `${e.field}: ${e.problem}` + (e.example ? ` Valid example: ${e.example}` : "");
}

function chart(site, data) {
  const div = el("div", { class: "chart", role: "img", "aria-label": `T-score forecast at the ${SITES[site]} for each scenario, with bands` });
  $("charts").append(el("h3", { text: SITES[site] + " T-score" }), div);
  const colors = ["#555555", "#0b5cad", "#c0392b", "#27ae60", "#8e44ad"];
  const traces = [];
  data.scenarios.forEach((sc, i) => {
    const s = sc.series[site], c = colors[i % colors.length];
    traces.push({ x: sc.age, y: s.p90, mode: "lines", line: { width: 0 }, showlegend: false, hoverinfo: "skip", name: sc.name + " p90" });
    traces.push({ x: sc.age, y: s.p10, mode: "lines", line: { width: 0 }, fill: "tonexty", fillcolor: c + "33", name: sc.name + " band", showlegend: false, hoverinfo: "skip" });
    traces.push({ x: sc.age, y: s.t_score, mode: "lines", line: { color: c, width: 2 }, name: sc.name });
  });
  const scans = data.dxa_history.filter((r) => r.site === site);
  if (scans.length) traces.push({ x: scans.map((r) => r.age), y: scans.map((r) => r.t_score), mode: "markers", marker: { size: 9, color: "#000" }, name: "your scans" });
  const layout = { margin: { t: 10, r: 10, b: 40, l: 50 }, xaxis: { title: { text: "age (years)" } }, yaxis: { title: { text: "T-score" } },
    shapes: [-1, -2.5].map((y) => ({ type: "line", xref: "paper", x0: 0, x1: 1, y0: y, y1: y, line: { dash: "dot", color: "#999" } })),
    legend: { orientation: "h" } };
  if (window.Plotly) window.Plotly.newPlot(div, traces, layout, { responsive: true, displaylogo: false });
}

function renderResults(data) {
  $("results").hidden = false;
  $("band-note").textContent = data.band_note;
  const dl = $("downloads"); dl.replaceChildren(el("span", { text: "Download: " }));
  for (const [fmt, url] of Object.entries(data.downloads)) {
    dl.append(el("a", { href: url, download: "", id: "download-" + fmt, text: { csv: "CSV", nc: "netCDF", html: "HTML report" }[fmt] }), " ");
  }
  $("charts").replaceChildren();
  for (const site of ["femoral_neck", "total_hip", "lumbar_spine"]) chart(site, data);
  const tables = $("tables"); tables.replaceChildren();
  for (const sc of data.scenarios) {
    const t = el("table");
    t.append(el("caption", { text: `${sc.name}: T-score after ${data.years} years (${sc.protocol})` }));
    t.append(el("tr", {}, ["Site", "T-score", "Band p10–p90", "WHO category", "vs no change"].map((h) => el("th", { scope: "col", text: h }))));
    for (const [site, f] of Object.entries(sc.final)) {
      const d = sc.attribution.vs_no_change[site];
      const cat = el("td", { text: f.category + (f.category_range.length > 1 ? ` (band spans ${f.category_range.join(", ")})` : "") });
      t.append(el("tr", {}, [el("th", { scope: "row", text: SITES[site] }), el("td", { text: fx(f.t_score) }),
        el("td", { text: `${fx(f.p10)} to ${fx(f.p90)}` }), cat, el("td", { text: (d > 0 ? "+" : "") + fx(d) })]));
    }
    const wrap = el("div", { class: "table-wrap result", "data-scenario": sc.name }, [t]);
    const fr = sc.fracture;
    wrap.append(el("p", { class: "fracture", text: fr.available
      ? `${fr.years}-year probability: major osteoporotic fracture ${fr.major_percent.toFixed(1)} % (band ${fr.major_range[0].toFixed(1)}–${fr.major_range[1].toFixed(1)}), hip ${fr.hip_percent.toFixed(1)} %`
      : `Fracture risk not available: ${fr.reason}` }));
    if (fr.available) wrap.append(el("span", { class: "evidence", text: `Evidence: ${fr.evidence}. ${fr.limits}` }));
    for (const ev of sc.evidence) wrap.append(el("span", { class: "evidence", text: `${ev.intervention}: evidence ${ev.evidence}${ev.extrapolated ? " (extrapolated)" : ""}; ${ev.citation || ""}` }));
    for (const f of sc.flags) wrap.append(el("span", { class: "flag", text: "⚑ " + f }));
    const at = sc.attribution;
    if (at.interventions.length) {
      const ul = el("ul", { "aria-label": "What each intervention contributes" });
      for (const a of at.interventions) ul.append(el("li", { text: `${a.intervention}: ${(a.t_score_share.femoral_neck > 0 ? "+" : "") + fx(a.t_score_share.femoral_neck)} T-score at the femoral neck` }));
      wrap.append(ul);
    }
    if (at.drivers.length) {
      const det = el("details", {}, [el("summary", { text: "What drives the change" }), el("p", { text: at.summary })]);
      const ul = el("ul"); for (const s of at.drivers) ul.append(el("li", { text: s })); det.append(ul);
      wrap.append(det);
    }
    tables.append(wrap);
  }
  const h = $("history"); h.replaceChildren();
  if (data.dxa_changes.length) {
    const ul = el("ul", { "aria-label": "Changes between your scans" });
    for (const c of data.dxa_changes) ul.append(el("li", { text: `${SITES[c.site]} ${c.from_age}→${c.to_age}: ${c.change_percent} % (least significant change ${c.lsc_percent} %): ${c.verdict}` }));
    h.append(el("h3", { text: "Your DXA history" }), ul);
  }
  $("results").focus();
}

async function runForecast(ev) {
  ev.preventDefault();
  $("error").textContent = "";
  $("status").textContent = "Running the forecast…";
  $("run").disabled = true;
  try {
    const r = await fetch("/api/forecast", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(collect()) });
    const data = await r.json();
    if (!r.ok) { showError(data); $("status").textContent = "The forecast could not run."; return; }
    renderResults(data);
    $("status").textContent = "Forecast ready.";
  } catch (e) { showError(e); $("status").textContent = ""; } finally { $("run").disabled = false; }
}

async function runTrial(ev) {
  ev.preventDefault();
  const f = $("trial-file").files[0];
  if (!f) { $("trial-status").textContent = "Choose a trial file first."; return; }
  if (f.size > 65536) { $("trial-status").textContent = "The file is over 64 kB."; return; }
  const r = await fetch("/api/trials", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ yaml: await f.text(), subjects: Number($("trial-subjects").value) }) });
  let job = await r.json();
  if (!r.ok) { const e = job.error; $("trial-status").textContent = `${e.field}: ${e.problem}`; return; }
  while (job.state === "queued" || job.state === "running") {
    $("trial-progress").value = job.progress; $("trial-status").textContent = `${job.state}: ${job.message}`;
    await new Promise((res) => setTimeout(res, 1000));
    job = await (await fetch(job.status_url || `/api/trials/${job.id}`)).json();
  }
  $("trial-progress").value = 1;
  if (job.state === "done") {
    $("trial-status").replaceChildren(`Done: ${job.summary.endpoints.length} endpoints. `, el("a", { href: job.download, text: "Download netCDF" }));
  } else { $("trial-status").textContent = `Failed: ${job.error.field}: ${job.error.problem}`; }
}

async function runPerson(ev) {
  ev.preventDefault();
  const f = $("person-file").files[0];
  if (!f) { $("person-status").textContent = "Choose a person file first."; return; }
  const scenarios = [...document.querySelectorAll("input[name=preset]:checked")].map((i) => i.value);
  const r = await fetch("/api/person-forecasts", { method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ person_yaml: await f.text(), scenarios, draws: Number($("person-draws").value) }) });
  let job = await r.json();
  if (!r.ok) { const e = job.error; $("person-status").textContent = `${e.field}: ${e.problem} Valid example: ${e.example}`; return; }
  while (job.state === "queued" || job.state === "running") {
    $("person-progress").value = job.progress; $("person-status").textContent = `${job.state}…`;
    await new Promise((res) => setTimeout(res, 1000));
    job = await (await fetch(`/api/person-forecasts/${job.id}`)).json();
  }
  $("person-progress").value = 1;
  if (job.state !== "done") { $("person-status").textContent = `Failed: ${job.error.field}: ${job.error.problem}`; return; }
  $("person-status").textContent = "Person forecast ready.";
  const box = $("person-result"); box.replaceChildren(el("p", { role: "note", text: job.summary.disclaimer }));
  const t = el("table");
  t.append(el("caption", { text: `T-score after ${job.summary.horizon_years} years: median (90 % band)` }));
  t.append(el("tr", {}, ["Scenario", "Lumbar spine", "Femoral neck", "10-y major fracture %"].map((h) => el("th", { scope: "col", text: h }))));
  for (const sc of job.summary.scenarios) {
    const cell = (q) => el("td", { text: `${q.q50.toFixed(2)} (${q.q5.toFixed(2)} to ${q.q95.toFixed(2)})` });
    const fr = sc.fracture_percent_5_50_95.fracture_major_10y;
    t.append(el("tr", {}, [el("th", { scope: "row", text: sc.name }), cell(sc.t_score_end.lumbar_spine), cell(sc.t_score_end.femoral_neck),
      el("td", { text: fr ? `${fr[1].toFixed(1)} (${fr[0].toFixed(1)}–${fr[2].toFixed(1)})` : "n/a" })]));
  }
  box.append(el("div", { class: "table-wrap" }, [t]));
  if (job.summary.skipped_scenarios.length) box.append(el("p", { class: "flag", text: "Not for this person's sex, skipped: " + job.summary.skipped_scenarios.join(", ") }));
  const nav = el("nav", { "aria-label": "Person forecast downloads" }, ["Download: "]);
  for (const [fmt, url] of Object.entries(job.downloads)) nav.append(el("a", { href: url, text: { html: "HTML report", csv: "CSV", nc: "netCDF" }[fmt] }), " ");
  box.append(nav);
}

async function init() {
  VOCAB = await (await fetch("/api/vocabulary")).json();
  $("add-scan").addEventListener("click", () => addScan());
  $("add-lab").addEventListener("click", () => addLab());
  $("add-scenario").addEventListener("click", () => addScenario());
  $("forecast-form").addEventListener("submit", runForecast);
  $("trial-form").addEventListener("submit", runTrial);
  $("person-form").addEventListener("submit", runPerson);
  $("sex").addEventListener("change", () => { const f = $("sex").value === "female"; $("menopause_age").disabled = !f; $("menopause").disabled = !f; });
  addScan({ age: 60, site: "femoral_neck", bmd: 0.62 });
  addScenario({ name: "calcium and walking", interventions: [{ intervention: "calcium", dose: "1000 mg", every: "1 day" }, { intervention: "walking", minutes_per_week: 150 }] });
  document.body.dataset.ready = "1";
}
document.addEventListener("DOMContentLoaded", init);
