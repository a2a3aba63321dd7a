/**
 * How a page draws a session's view (snapshot.ts's SessionView, as the dashboard's event stream
 * and the app's view resource carry it): plain browser JavaScript, shared by the dashboard's
 * script and the MCP App page's, so that the two show a session alike. It fills the elements
 * `title`, `meta`, `problem`, `timeline-scroll` and the `tasks` table. Every recorded string is
 * set with textContent; the only markup inserted is the timeline's SVG, which the server's
 * renderer drew with every recorded string escaped.
 */
export const VIEW_SCRIPT = `function $(id){return document.getElementById(id);}
function cell(row,text,cls){var td=document.createElement("td");td.textContent=text;if(cls)td.className=cls;row.appendChild(td);return td;}
function drawView(v){
  var r=v.row;
  $("title").textContent=r.title;
  $("meta").textContent="Scenario "+r.scenario+" · "+r.client+" · mode "+r.mode+" · clock "+r.clock+" · elapsed "+r.elapsed+" · "+r.answered+"/"+r.tasks+" answered · "+r.end;
  var problem=$("problem");problem.hidden=!r.problem;problem.textContent=r.problem?("This session cannot be scored: "+r.problem):"";
  if(v.svg!==null)$("timeline-scroll").innerHTML=v.svg;
  var tb=document.querySelector("#tasks tbody");tb.textContent="";
  v.tasks.forEach(function(t){
    var tr=document.createElement("tr");tr.setAttribute("data-task",t.id);
    cell(tr,t.id);cell(tr,t.answeredAt,"num");
    cell(tr,t.answer===null?"shown at the end":t.answer,t.answer===null?"":(t.answer==="pass"?"ok":"bad"));
    cell(tr,t.success===null?"—":(t.success?"yes":"no"),t.success===null?"":(t.success?"ok":"bad"));
    tb.appendChild(tr);
  });
}
`;
