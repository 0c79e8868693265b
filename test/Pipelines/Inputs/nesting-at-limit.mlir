// 1000 levels of { (the function body and nested scf.execute_region ops).
func.func @f(%a: i32) -> i32 {
%r0 = scf.execute_region -> i32 {
%r1 = scf.execute_region -> i32 {
%r2 = scf.execute_region -> i32 {
%r3 = scf.execute_region -> i32 {
%r4 = scf.execute_region -> i32 {
%r5 = scf.execute_region -> i32 {
%r6 = scf.execute_region -> i32 {
%r7 = scf.execute_region -> i32 {
%r8 = scf.execute_region -> i32 {
%r9 = scf.execute_region -> i32 {
%r10 = scf.execute_region -> i32 {
%r11 = scf.execute_region -> i32 {
%r12 = scf.execute_region -> i32 {
%r13 = scf.execute_region -> i32 {
%r14 = scf.execute_region -> i32 {
%r15 = scf.execute_region -> i32 {
%r16 = scf.execute_region -> i32 {
%r17 = scf.execute_region -> i32 {
%r18 = scf.execute_region -> i32 {
%r19 = scf.execute_region -> i32 {
%r20 = scf.execute_region -> i32 {
%r21 = scf.execute_region -> i32 {
%r22 = scf.execute_region -> i32 {
%r23 = scf.execute_region -> i32 {
%r24 = scf.execute_region -> i32 {
%r25 = scf.execute_region -> i32 {
%r26 = scf.execute_region -> i32 {
%r27 = scf.execute_region -> i32 {
%r28 = scf.execute_region -> i32 {
%r29 = scf.execute_region -> i32 {
%r30 = scf.execute_region -> i32 {
%r31 = scf.execute_region -> i32 {
%r32 = scf.execute_region -> i32 {
%r33 = scf.execute_region -> i32 {
%r34 = scf.execute_region -> i32 {
%r35 = scf.execute_region -> i32 {
%r36 = scf.execute_region -> i32 {
%r37 = scf.execute_region -> i32 {
%r38 = scf.execute_region -> i32 {
%r39 = scf.execute_region -> i32 {
%r40 = scf.execute_region -> i32 {
%r41 = scf.execute_region -> i32 {
%r42 = scf.execute_region -> i32 {
%r43 = scf.execute_region -> i32 {
%r44 = scf.execute_region -> i32 {
%r45 = scf.execute_region -> i32 {
%r46 = scf.execute_region -> i32 {
%r47 = scf.execute_region -> i32 {
%r48 = scf.execute_region -> i32 {
%r49 = scf.execute_region -> i32 {
%r50 = scf.execute_region -> i32 {
%r51 = scf.execute_region -> i32 {
%r52 = scf.execute_region -> i32 {
%r53 = scf.execute_region -> i32 {
%r54 = scf.execute_region -> i32 {
%r55 = scf.execute_region -> i32 {
%r56 = scf.execute_region -> i32 {
%r57 = scf.execute_region -> i32 {
%r58 = scf.execute_region -> i32 {
%r59 = scf.execute_region -> i32 {
%r60 = scf.execute_region -> i32 {
%r61 = scf.execute_region -> i32 {
%r62 = scf.execute_region -> i32 {
%r63 = scf.execute_region -> i32 {
%r64 = scf.execute_region -> i32 {
%r65 = scf.execute_region -> i32 {
%r66 = scf.execute_region -> i32 {
%r67 = scf.execute_region -> i32 {
%r68 = scf.execute_region -> i32 {
%r69 = scf.execute_region -> i32 {
%r70 = scf.execute_region -> i32 {
%r71 = scf.execute_region -> i32 {
%r72 = scf.execute_region -> i32 {
%r73 = scf.execute_region -> i32 {
%r74 = scf.execute_region -> i32 {
%r75 = scf.execute_region -> i32 {
%r76 = scf.execute_region -> i32 {
%r77 = scf.execute_region -> i32 {
%r78 = scf.execute_region -> i32 {
%r79 = scf.execute_region -> i32 {
%r80 = scf.execute_region -> i32 {
%r81 = scf.execute_region -> i32 {
%r82 = scf.execute_region -> i32 {
%r83 = scf.execute_region -> i32 {
%r84 = scf.execute_region -> i32 {
%r85 = scf.execute_region -> i32 {
%r86 = scf.execute_region -> i32 {
%r87 = scf.execute_region -> i32 {
%r88 = scf.execute_region -> i32 {
%r89 = scf.execute_region -> i32 {
%r90 = scf.execute_region -> i32 {
%r91 = scf.execute_region -> i32 {
%r92 = scf.execute_region -> i32 {
%r93 = scf.execute_region -> i32 {
%r94 = scf.execute_region -> i32 {
%r95 = scf.execute_region -> i32 {
%r96 = scf.execute_region -> i32 {
%r97 = scf.execute_region -> i32 {
%r98 = scf.execute_region -> i32 {
%r99 = scf.execute_region -> i32 {
%r100 = scf.execute_region -> i32 {
%r101 = scf.execute_region -> i32 {
%r102 = scf.execute_region -> i32 {
%r103 = scf.execute_region -> i32 {
%r104 = scf.execute_region -> i32 {
%r105 = scf.execute_region -> i32 {
%r106 = scf.execute_region -> i32 {
%r107 = scf.execute_region -> i32 {
%r108 = scf.execute_region -> i32 {
%r109 = scf.execute_region -> i32 {
%r110 = scf.execute_region -> i32 {
%r111 = scf.execute_region -> i32 {
%r112 = scf.execute_region -> i32 {
%r113 = scf.execute_region -> i32 {
%r114 = scf.execute_region -> i32 {
%r115 = scf.execute_region -> i32 {
%r116 = scf.execute_region -> i32 {
%r117 = scf.execute_region -> i32 {
%r118 = scf.execute_region -> i32 {
%r119 = scf.execute_region -> i32 {
%r120 = scf.execute_region -> i32 {
%r121 = scf.execute_region -> i32 {
%r122 = scf.execute_region -> i32 {
%r123 = scf.execute_region -> i32 {
%r124 = scf.execute_region -> i32 {
%r125 = scf.execute_region -> i32 {
%r126 = scf.execute_region -> i32 {
%r127 = scf.execute_region -> i32 {
%r128 = scf.execute_region -> i32 {
%r129 = scf.execute_region -> i32 {
%r130 = scf.execute_region -> i32 {
%r131 = scf.execute_region -> i32 {
%r132 = scf.execute_region -> i32 {
%r133 = scf.execute_region -> i32 {
%r134 = scf.execute_region -> i32 {
%r135 = scf.execute_region -> i32 {
%r136 = scf.execute_region -> i32 {
%r137 = scf.execute_region -> i32 {
%r138 = scf.execute_region -> i32 {
%r139 = scf.execute_region -> i32 {
%r140 = scf.execute_region -> i32 {
%r141 = scf.execute_region -> i32 {
%r142 = scf.execute_region -> i32 {
%r143 = scf.execute_region -> i32 {
%r144 = scf.execute_region -> i32 {
%r145 = scf.execute_region -> i32 {
%r146 = scf.execute_region -> i32 {
%r147 = scf.execute_region -> i32 {
%r148 = scf.execute_region -> i32 {
%r149 = scf.execute_region -> i32 {
%r150 = scf.execute_region -> i32 {
%r151 = scf.execute_region -> i32 {
%r152 = scf.execute_region -> i32 {
%r153 = scf.execute_region -> i32 {
%r154 = scf.execute_region -> i32 {
%r155 = scf.execute_region -> i32 {
%r156 = scf.execute_region -> i32 {
%r157 = scf.execute_region -> i32 {
%r158 = scf.execute_region -> i32 {
%r159 = scf.execute_region -> i32 {
%r160 = scf.execute_region -> i32 {
%r161 = scf.execute_region -> i32 {
%r162 = scf.execute_region -> i32 {
%r163 = scf.execute_region -> i32 {
%r164 = scf.execute_region -> i32 {
%r165 = scf.execute_region -> i32 {
%r166 = scf.execute_region -> i32 {
%r167 = scf.execute_region -> i32 {
%r168 = scf.execute_region -> i32 {
%r169 = scf.execute_region -> i32 {
%r170 = scf.execute_region -> i32 {
%r171 = scf.execute_region -> i32 {
%r172 = scf.execute_region -> i32 {
%r173 = scf.execute_region -> i32 {
%r174 = scf.execute_region -> i32 {
%r175 = scf.execute_region -> i32 {
%r176 = scf.execute_region -> i32 {
%r177 = scf.execute_region -> i32 {
%r178 = scf.execute_region -> i32 {
%r179 = scf.execute_region -> i32 {
%r180 = scf.execute_region -> i32 {
%r181 = scf.execute_region -> i32 {
%r182 = scf.execute_region -> i32 {
%r183 = scf.execute_region -> i32 {
%r184 = scf.execute_region -> i32 {
%r185 = scf.execute_region -> i32 {
%r186 = scf.execute_region -> i32 {
%r187 = scf.execute_region -> i32 {
%r188 = scf.execute_region -> i32 {
%r189 = scf.execute_region -> i32 {
%r190 = scf.execute_region -> i32 {
%r191 = scf.execute_region -> i32 {
%r192 = scf.execute_region -> i32 {
%r193 = scf.execute_region -> i32 {
%r194 = scf.execute_region -> i32 {
%r195 = scf.execute_region -> i32 {
%r196 = scf.execute_region -> i32 {
%r197 = scf.execute_region -> i32 {
%r198 = scf.execute_region -> i32 {
%r199 = scf.execute_region -> i32 {
%r200 = scf.execute_region -> i32 {
%r201 = scf.execute_region -> i32 {
%r202 = scf.execute_region -> i32 {
%r203 = scf.execute_region -> i32 {
%r204 = scf.execute_region -> i32 {
%r205 = scf.execute_region -> i32 {
%r206 = scf.execute_region -> i32 {
%r207 = scf.execute_region -> i32 {
%r208 = scf.execute_region -> i32 {
%r209 = scf.execute_region -> i32 {
%r210 = scf.execute_region -> i32 {
%r211 = scf.execute_region -> i32 {
%r212 = scf.execute_region -> i32 {
%r213 = scf.execute_region -> i32 {
%r214 = scf.execute_region -> i32 {
%r215 = scf.execute_region -> i32 {
%r216 = scf.execute_region -> i32 {
%r217 = scf.execute_region -> i32 {
%r218 = scf.execute_region -> i32 {
%r219 = scf.execute_region -> i32 {
%r220 = scf.execute_region -> i32 {
%r221 = scf.execute_region -> i32 {
%r222 = scf.execute_region -> i32 {
%r223 = scf.execute_region -> i32 {
%r224 = scf.execute_region -> i32 {
%r225 = scf.execute_region -> i32 {
%r226 = scf.execute_region -> i32 {
%r227 = scf.execute_region -> i32 {
%r228 = scf.execute_region -> i32 {
%r229 = scf.execute_region -> i32 {
%r230 = scf.execute_region -> i32 {
%r231 = scf.execute_region -> i32 {
%r232 = scf.execute_region -> i32 {
%r233 = scf.execute_region -> i32 {
%r234 = scf.execute_region -> i32 {
%r235 = scf.execute_region -> i32 {
%r236 = scf.execute_region -> i32 {
%r237 = scf.execute_region -> i32 {
%r238 = scf.execute_region -> i32 {
%r239 = scf.execute_region -> i32 {
%r240 = scf.execute_region -> i32 {
%r241 = scf.execute_region -> i32 {
%r242 = scf.execute_region -> i32 {
%r243 = scf.execute_region -> i32 {
%r244 = scf.execute_region -> i32 {
%r245 = scf.execute_region -> i32 {
%r246 = scf.execute_region -> i32 {
%r247 = scf.execute_region -> i32 {
%r248 = scf.execute_region -> i32 {
%r249 = scf.execute_region -> i32 {
%r250 = scf.execute_region -> i32 {
%r251 = scf.execute_region -> i32 {
%r252 = scf.execute_region -> i32 {
%r253 = scf.execute_region -> i32 {
%r254 = scf.execute_region -> i32 {
%r255 = scf.execute_region -> i32 {
%r256 = scf.execute_region -> i32 {
%r257 = scf.execute_region -> i32 {
%r258 = scf.execute_region -> i32 {
%r259 = scf.execute_region -> i32 {
%r260 = scf.execute_region -> i32 {
%r261 = scf.execute_region -> i32 {
%r262 = scf.execute_region -> i32 {
%r263 = scf.execute_region -> i32 {
%r264 = scf.execute_region -> i32 {
%r265 = scf.execute_region -> i32 {
%r266 = scf.execute_region -> i32 {
%r267 = scf.execute_region -> i32 {
%r268 = scf.execute_region -> i32 {
%r269 = scf.execute_region -> i32 {
%r270 = scf.execute_region -> i32 {
%r271 = scf.execute_region -> i32 {
%r272 = scf.execute_region -> i32 {
%r273 = scf.execute_region -> i32 {
%r274 = scf.execute_region -> i32 {
%r275 = scf.execute_region -> i32 {
%r276 = scf.execute_region -> i32 {
%r277 = scf.execute_region -> i32 {
%r278 = scf.execute_region -> i32 {
%r279 = scf.execute_region -> i32 {
%r280 = scf.execute_region -> i32 {
%r281 = scf.execute_region -> i32 {
%r282 = scf.execute_region -> i32 {
%r283 = scf.execute_region -> i32 {
%r284 = scf.execute_region -> i32 {
%r285 = scf.execute_region -> i32 {
%r286 = scf.execute_region -> i32 {
%r287 = scf.execute_region -> i32 {
%r288 = scf.execute_region -> i32 {
%r289 = scf.execute_region -> i32 {
%r290 = scf.execute_region -> i32 {
%r291 = scf.execute_region -> i32 {
%r292 = scf.execute_region -> i32 {
%r293 = scf.execute_region -> i32 {
%r294 = scf.execute_region -> i32 {
%r295 = scf.execute_region -> i32 {
%r296 = scf.execute_region -> i32 {
%r297 = scf.execute_region -> i32 {
%r298 = scf.execute_region -> i32 {
%r299 = scf.execute_region -> i32 {
%r300 = scf.execute_region -> i32 {
%r301 = scf.execute_region -> i32 {
%r302 = scf.execute_region -> i32 {
%r303 = scf.execute_region -> i32 {
%r304 = scf.execute_region -> i32 {
%r305 = scf.execute_region -> i32 {
%r306 = scf.execute_region -> i32 {
%r307 = scf.execute_region -> i32 {
%r308 = scf.execute_region -> i32 {
%r309 = scf.execute_region -> i32 {
%r310 = scf.execute_region -> i32 {
%r311 = scf.execute_region -> i32 {
%r312 = scf.execute_region -> i32 {
%r313 = scf.execute_region -> i32 {
%r314 = scf.execute_region -> i32 {
%r315 = scf.execute_region -> i32 {
%r316 = scf.execute_region -> i32 {
%r317 = scf.execute_region -> i32 {
%r318 = scf.execute_region -> i32 {
%r319 = scf.execute_region -> i32 {
%r320 = scf.execute_region -> i32 {
%r321 = scf.execute_region -> i32 {
%r322 = scf.execute_region -> i32 {
%r323 = scf.execute_region -> i32 {
%r324 = scf.execute_region -> i32 {
%r325 = scf.execute_region -> i32 {
%r326 = scf.execute_region -> i32 {
%r327 = scf.execute_region -> i32 {
%r328 = scf.execute_region -> i32 {
%r329 = scf.execute_region -> i32 {
%r330 = scf.execute_region -> i32 {
%r331 = scf.execute_region -> i32 {
%r332 = scf.execute_region -> i32 {
%r333 = scf.execute_region -> i32 {
%r334 = scf.execute_region -> i32 {
%r335 = scf.execute_region -> i32 {
%r336 = scf.execute_region -> i32 {
%r337 = scf.execute_region -> i32 {
%r338 = scf.execute_region -> i32 {
%r339 = scf.execute_region -> i32 {
%r340 = scf.execute_region -> i32 {
%r341 = scf.execute_region -> i32 {
%r342 = scf.execute_region -> i32 {
%r343 = scf.execute_region -> i32 {
%r344 = scf.execute_region -> i32 {
%r345 = scf.execute_region -> i32 {
%r346 = scf.execute_region -> i32 {
%r347 = scf.execute_region -> i32 {
%r348 = scf.execute_region -> i32 {
%r349 = scf.execute_region -> i32 {
%r350 = scf.execute_region -> i32 {
%r351 = scf.execute_region -> i32 {
%r352 = scf.execute_region -> i32 {
%r353 = scf.execute_region -> i32 {
%r354 = scf.execute_region -> i32 {
%r355 = scf.execute_region -> i32 {
%r356 = scf.execute_region -> i32 {
%r357 = scf.execute_region -> i32 {
%r358 = scf.execute_region -> i32 {
%r359 = scf.execute_region -> i32 {
%r360 = scf.execute_region -> i32 {
%r361 = scf.execute_region -> i32 {
%r362 = scf.execute_region -> i32 {
%r363 = scf.execute_region -> i32 {
%r364 = scf.execute_region -> i32 {
%r365 = scf.execute_region -> i32 {
%r366 = scf.execute_region -> i32 {
%r367 = scf.execute_region -> i32 {
%r368 = scf.execute_region -> i32 {
%r369 = scf.execute_region -> i32 {
%r370 = scf.execute_region -> i32 {
%r371 = scf.execute_region -> i32 {
%r372 = scf.execute_region -> i32 {
%r373 = scf.execute_region -> i32 {
%r374 = scf.execute_region -> i32 {
%r375 = scf.execute_region -> i32 {
%r376 = scf.execute_region -> i32 {
%r377 = scf.execute_region -> i32 {
%r378 = scf.execute_region -> i32 {
%r379 = scf.execute_region -> i32 {
%r380 = scf.execute_region -> i32 {
%r381 = scf.execute_region -> i32 {
%r382 = scf.execute_region -> i32 {
%r383 = scf.execute_region -> i32 {
%r384 = scf.execute_region -> i32 {
%r385 = scf.execute_region -> i32 {
%r386 = scf.execute_region -> i32 {
%r387 = scf.execute_region -> i32 {
%r388 = scf.execute_region -> i32 {
%r389 = scf.execute_region -> i32 {
%r390 = scf.execute_region -> i32 {
%r391 = scf.execute_region -> i32 {
%r392 = scf.execute_region -> i32 {
%r393 = scf.execute_region -> i32 {
%r394 = scf.execute_region -> i32 {
%r395 = scf.execute_region -> i32 {
%r396 = scf.execute_region -> i32 {
%r397 = scf.execute_region -> i32 {
%r398 = scf.execute_region -> i32 {
%r399 = scf.execute_region -> i32 {
%r400 = scf.execute_region -> i32 {
%r401 = scf.execute_region -> i32 {
%r402 = scf.execute_region -> i32 {
%r403 = scf.execute_region -> i32 {
%r404 = scf.execute_region -> i32 {
%r405 = scf.execute_region -> i32 {
%r406 = scf.execute_region -> i32 {
%r407 = scf.execute_region -> i32 {
%r408 = scf.execute_region -> i32 {
%r409 = scf.execute_region -> i32 {
%r410 = scf.execute_region -> i32 {
%r411 = scf.execute_region -> i32 {
%r412 = scf.execute_region -> i32 {
%r413 = scf.execute_region -> i32 {
%r414 = scf.execute_region -> i32 {
%r415 = scf.execute_region -> i32 {
%r416 = scf.execute_region -> i32 {
%r417 = scf.execute_region -> i32 {
%r418 = scf.execute_region -> i32 {
%r419 = scf.execute_region -> i32 {
%r420 = scf.execute_region -> i32 {
%r421 = scf.execute_region -> i32 {
%r422 = scf.execute_region -> i32 {
%r423 = scf.execute_region -> i32 {
%r424 = scf.execute_region -> i32 {
%r425 = scf.execute_region -> i32 {
%r426 = scf.execute_region -> i32 {
%r427 = scf.execute_region -> i32 {
%r428 = scf.execute_region -> i32 {
%r429 = scf.execute_region -> i32 {
%r430 = scf.execute_region -> i32 {
%r431 = scf.execute_region -> i32 {
%r432 = scf.execute_region -> i32 {
%r433 = scf.execute_region -> i32 {
%r434 = scf.execute_region -> i32 {
%r435 = scf.execute_region -> i32 {
%r436 = scf.execute_region -> i32 {
%r437 = scf.execute_region -> i32 {
%r438 = scf.execute_region -> i32 {
%r439 = scf.execute_region -> i32 {
%r440 = scf.execute_region -> i32 {
%r441 = scf.execute_region -> i32 {
%r442 = scf.execute_region -> i32 {
%r443 = scf.execute_region -> i32 {
%r444 = scf.execute_region -> i32 {
%r445 = scf.execute_region -> i32 {
%r446 = scf.execute_region -> i32 {
%r447 = scf.execute_region -> i32 {
%r448 = scf.execute_region -> i32 {
%r449 = scf.execute_region -> i32 {
%r450 = scf.execute_region -> i32 {
%r451 = scf.execute_region -> i32 {
%r452 = scf.execute_region -> i32 {
%r453 = scf.execute_region -> i32 {
%r454 = scf.execute_region -> i32 {
%r455 = scf.execute_region -> i32 {
%r456 = scf.execute_region -> i32 {
%r457 = scf.execute_region -> i32 {
%r458 = scf.execute_region -> i32 {
%r459 = scf.execute_region -> i32 {
%r460 = scf.execute_region -> i32 {
%r461 = scf.execute_region -> i32 {
%r462 = scf.execute_region -> i32 {
%r463 = scf.execute_region -> i32 {
%r464 = scf.execute_region -> i32 {
%r465 = scf.execute_region -> i32 {
%r466 = scf.execute_region -> i32 {
%r467 = scf.execute_region -> i32 {
%r468 = scf.execute_region -> i32 {
%r469 = scf.execute_region -> i32 {
%r470 = scf.execute_region -> i32 {
%r471 = scf.execute_region -> i32 {
%r472 = scf.execute_region -> i32 {
%r473 = scf.execute_region -> i32 {
%r474 = scf.execute_region -> i32 {
%r475 = scf.execute_region -> i32 {
%r476 = scf.execute_region -> i32 {
%r477 = scf.execute_region -> i32 {
%r478 = scf.execute_region -> i32 {
%r479 = scf.execute_region -> i32 {
%r480 = scf.execute_region -> i32 {
%r481 = scf.execute_region -> i32 {
%r482 = scf.execute_region -> i32 {
%r483 = scf.execute_region -> i32 {
%r484 = scf.execute_region -> i32 {
%r485 = scf.execute_region -> i32 {
%r486 = scf.execute_region -> i32 {
%r487 = scf.execute_region -> i32 {
%r488 = scf.execute_region -> i32 {
%r489 = scf.execute_region -> i32 {
%r490 = scf.execute_region -> i32 {
%r491 = scf.execute_region -> i32 {
%r492 = scf.execute_region -> i32 {
%r493 = scf.execute_region -> i32 {
%r494 = scf.execute_region -> i32 {
%r495 = scf.execute_region -> i32 {
%r496 = scf.execute_region -> i32 {
%r497 = scf.execute_region -> i32 {
%r498 = scf.execute_region -> i32 {
%r499 = scf.execute_region -> i32 {
%r500 = scf.execute_region -> i32 {
%r501 = scf.execute_region -> i32 {
%r502 = scf.execute_region -> i32 {
%r503 = scf.execute_region -> i32 {
%r504 = scf.execute_region -> i32 {
%r505 = scf.execute_region -> i32 {
%r506 = scf.execute_region -> i32 {
%r507 = scf.execute_region -> i32 {
%r508 = scf.execute_region -> i32 {
%r509 = scf.execute_region -> i32 {
%r510 = scf.execute_region -> i32 {
%r511 = scf.execute_region -> i32 {
%r512 = scf.execute_region -> i32 {
%r513 = scf.execute_region -> i32 {
%r514 = scf.execute_region -> i32 {
%r515 = scf.execute_region -> i32 {
%r516 = scf.execute_region -> i32 {
%r517 = scf.execute_region -> i32 {
%r518 = scf.execute_region -> i32 {
%r519 = scf.execute_region -> i32 {
%r520 = scf.execute_region -> i32 {
%r521 = scf.execute_region -> i32 {
%r522 = scf.execute_region -> i32 {
%r523 = scf.execute_region -> i32 {
%r524 = scf.execute_region -> i32 {
%r525 = scf.execute_region -> i32 {
%r526 = scf.execute_region -> i32 {
%r527 = scf.execute_region -> i32 {
%r528 = scf.execute_region -> i32 {
%r529 = scf.execute_region -> i32 {
%r530 = scf.execute_region -> i32 {
%r531 = scf.execute_region -> i32 {
%r532 = scf.execute_region -> i32 {
%r533 = scf.execute_region -> i32 {
%r534 = scf.execute_region -> i32 {
%r535 = scf.execute_region -> i32 {
%r536 = scf.execute_region -> i32 {
%r537 = scf.execute_region -> i32 {
%r538 = scf.execute_region -> i32 {
%r539 = scf.execute_region -> i32 {
%r540 = scf.execute_region -> i32 {
%r541 = scf.execute_region -> i32 {
%r542 = scf.execute_region -> i32 {
%r543 = scf.execute_region -> i32 {
%r544 = scf.execute_region -> i32 {
%r545 = scf.execute_region -> i32 {
%r546 = scf.execute_region -> i32 {
%r547 = scf.execute_region -> i32 {
%r548 = scf.execute_region -> i32 {
%r549 = scf.execute_region -> i32 {
%r550 = scf.execute_region -> i32 {
%r551 = scf.execute_region -> i32 {
%r552 = scf.execute_region -> i32 {
%r553 = scf.execute_region -> i32 {
%r554 = scf.execute_region -> i32 {
%r555 = scf.execute_region -> i32 {
%r556 = scf.execute_region -> i32 {
%r557 = scf.execute_region -> i32 {
%r558 = scf.execute_region -> i32 {
%r559 = scf.execute_region -> i32 {
%r560 = scf.execute_region -> i32 {
%r561 = scf.execute_region -> i32 {
%r562 = scf.execute_region -> i32 {
%r563 = scf.execute_region -> i32 {
%r564 = scf.execute_region -> i32 {
%r565 = scf.execute_region -> i32 {
%r566 = scf.execute_region -> i32 {
%r567 = scf.execute_region -> i32 {
%r568 = scf.execute_region -> i32 {
%r569 = scf.execute_region -> i32 {
%r570 = scf.execute_region -> i32 {
%r571 = scf.execute_region -> i32 {
%r572 = scf.execute_region -> i32 {
%r573 = scf.execute_region -> i32 {
%r574 = scf.execute_region -> i32 {
%r575 = scf.execute_region -> i32 {
%r576 = scf.execute_region -> i32 {
%r577 = scf.execute_region -> i32 {
%r578 = scf.execute_region -> i32 {
%r579 = scf.execute_region -> i32 {
%r580 = scf.execute_region -> i32 {
%r581 = scf.execute_region -> i32 {
%r582 = scf.execute_region -> i32 {
%r583 = scf.execute_region -> i32 {
%r584 = scf.execute_region -> i32 {
%r585 = scf.execute_region -> i32 {
%r586 = scf.execute_region -> i32 {
%r587 = scf.execute_region -> i32 {
%r588 = scf.execute_region -> i32 {
%r589 = scf.execute_region -> i32 {
%r590 = scf.execute_region -> i32 {
%r591 = scf.execute_region -> i32 {
%r592 = scf.execute_region -> i32 {
%r593 = scf.execute_region -> i32 {
%r594 = scf.execute_region -> i32 {
%r595 = scf.execute_region -> i32 {
%r596 = scf.execute_region -> i32 {
%r597 = scf.execute_region -> i32 {
%r598 = scf.execute_region -> i32 {
%r599 = scf.execute_region -> i32 {
%r600 = scf.execute_region -> i32 {
%r601 = scf.execute_region -> i32 {
%r602 = scf.execute_region -> i32 {
%r603 = scf.execute_region -> i32 {
%r604 = scf.execute_region -> i32 {
%r605 = scf.execute_region -> i32 {
%r606 = scf.execute_region -> i32 {
%r607 = scf.execute_region -> i32 {
%r608 = scf.execute_region -> i32 {
%r609 = scf.execute_region -> i32 {
%r610 = scf.execute_region -> i32 {
%r611 = scf.execute_region -> i32 {
%r612 = scf.execute_region -> i32 {
%r613 = scf.execute_region -> i32 {
%r614 = scf.execute_region -> i32 {
%r615 = scf.execute_region -> i32 {
%r616 = scf.execute_region -> i32 {
%r617 = scf.execute_region -> i32 {
%r618 = scf.execute_region -> i32 {
%r619 = scf.execute_region -> i32 {
%r620 = scf.execute_region -> i32 {
%r621 = scf.execute_region -> i32 {
%r622 = scf.execute_region -> i32 {
%r623 = scf.execute_region -> i32 {
%r624 = scf.execute_region -> i32 {
%r625 = scf.execute_region -> i32 {
%r626 = scf.execute_region -> i32 {
%r627 = scf.execute_region -> i32 {
%r628 = scf.execute_region -> i32 {
%r629 = scf.execute_region -> i32 {
%r630 = scf.execute_region -> i32 {
%r631 = scf.execute_region -> i32 {
%r632 = scf.execute_region -> i32 {
%r633 = scf.execute_region -> i32 {
%r634 = scf.execute_region -> i32 {
%r635 = scf.execute_region -> i32 {
%r636 = scf.execute_region -> i32 {
%r637 = scf.execute_region -> i32 {
%r638 = scf.execute_region -> i32 {
%r639 = scf.execute_region -> i32 {
%r640 = scf.execute_region -> i32 {
%r641 = scf.execute_region -> i32 {
%r642 = scf.execute_region -> i32 {
%r643 = scf.execute_region -> i32 {
%r644 = scf.execute_region -> i32 {
%r645 = scf.execute_region -> i32 {
%r646 = scf.execute_region -> i32 {
%r647 = scf.execute_region -> i32 {
%r648 = scf.execute_region -> i32 {
%r649 = scf.execute_region -> i32 {
%r650 = scf.execute_region -> i32 {
%r651 = scf.execute_region -> i32 {
%r652 = scf.execute_region -> i32 {
%r653 = scf.execute_region -> i32 {
%r654 = scf.execute_region -> i32 {
%r655 = scf.execute_region -> i32 {
%r656 = scf.execute_region -> i32 {
%r657 = scf.execute_region -> i32 {
%r658 = scf.execute_region -> i32 {
%r659 = scf.execute_region -> i32 {
%r660 = scf.execute_region -> i32 {
%r661 = scf.execute_region -> i32 {
%r662 = scf.execute_region -> i32 {
%r663 = scf.execute_region -> i32 {
%r664 = scf.execute_region -> i32 {
%r665 = scf.execute_region -> i32 {
%r666 = scf.execute_region -> i32 {
%r667 = scf.execute_region -> i32 {
%r668 = scf.execute_region -> i32 {
%r669 = scf.execute_region -> i32 {
%r670 = scf.execute_region -> i32 {
%r671 = scf.execute_region -> i32 {
%r672 = scf.execute_region -> i32 {
%r673 = scf.execute_region -> i32 {
%r674 = scf.execute_region -> i32 {
%r675 = scf.execute_region -> i32 {
%r676 = scf.execute_region -> i32 {
%r677 = scf.execute_region -> i32 {
%r678 = scf.execute_region -> i32 {
%r679 = scf.execute_region -> i32 {
%r680 = scf.execute_region -> i32 {
%r681 = scf.execute_region -> i32 {
%r682 = scf.execute_region -> i32 {
%r683 = scf.execute_region -> i32 {
%r684 = scf.execute_region -> i32 {
%r685 = scf.execute_region -> i32 {
%r686 = scf.execute_region -> i32 {
%r687 = scf.execute_region -> i32 {
%r688 = scf.execute_region -> i32 {
%r689 = scf.execute_region -> i32 {
%r690 = scf.execute_region -> i32 {
%r691 = scf.execute_region -> i32 {
%r692 = scf.execute_region -> i32 {
%r693 = scf.execute_region -> i32 {
%r694 = scf.execute_region -> i32 {
%r695 = scf.execute_region -> i32 {
%r696 = scf.execute_region -> i32 {
%r697 = scf.execute_region -> i32 {
%r698 = scf.execute_region -> i32 {
%r699 = scf.execute_region -> i32 {
%r700 = scf.execute_region -> i32 {
%r701 = scf.execute_region -> i32 {
%r702 = scf.execute_region -> i32 {
%r703 = scf.execute_region -> i32 {
%r704 = scf.execute_region -> i32 {
%r705 = scf.execute_region -> i32 {
%r706 = scf.execute_region -> i32 {
%r707 = scf.execute_region -> i32 {
%r708 = scf.execute_region -> i32 {
%r709 = scf.execute_region -> i32 {
%r710 = scf.execute_region -> i32 {
%r711 = scf.execute_region -> i32 {
%r712 = scf.execute_region -> i32 {
%r713 = scf.execute_region -> i32 {
%r714 = scf.execute_region -> i32 {
%r715 = scf.execute_region -> i32 {
%r716 = scf.execute_region -> i32 {
%r717 = scf.execute_region -> i32 {
%r718 = scf.execute_region -> i32 {
%r719 = scf.execute_region -> i32 {
%r720 = scf.execute_region -> i32 {
%r721 = scf.execute_region -> i32 {
%r722 = scf.execute_region -> i32 {
%r723 = scf.execute_region -> i32 {
%r724 = scf.execute_region -> i32 {
%r725 = scf.execute_region -> i32 {
%r726 = scf.execute_region -> i32 {
%r727 = scf.execute_region -> i32 {
%r728 = scf.execute_region -> i32 {
%r729 = scf.execute_region -> i32 {
%r730 = scf.execute_region -> i32 {
%r731 = scf.execute_region -> i32 {
%r732 = scf.execute_region -> i32 {
%r733 = scf.execute_region -> i32 {
%r734 = scf.execute_region -> i32 {
%r735 = scf.execute_region -> i32 {
%r736 = scf.execute_region -> i32 {
%r737 = scf.execute_region -> i32 {
%r738 = scf.execute_region -> i32 {
%r739 = scf.execute_region -> i32 {
%r740 = scf.execute_region -> i32 {
%r741 = scf.execute_region -> i32 {
%r742 = scf.execute_region -> i32 {
%r743 = scf.execute_region -> i32 {
%r744 = scf.execute_region -> i32 {
%r745 = scf.execute_region -> i32 {
%r746 = scf.execute_region -> i32 {
%r747 = scf.execute_region -> i32 {
%r748 = scf.execute_region -> i32 {
%r749 = scf.execute_region -> i32 {
%r750 = scf.execute_region -> i32 {
%r751 = scf.execute_region -> i32 {
%r752 = scf.execute_region -> i32 {
%r753 = scf.execute_region -> i32 {
%r754 = scf.execute_region -> i32 {
%r755 = scf.execute_region -> i32 {
%r756 = scf.execute_region -> i32 {
%r757 = scf.execute_region -> i32 {
%r758 = scf.execute_region -> i32 {
%r759 = scf.execute_region -> i32 {
%r760 = scf.execute_region -> i32 {
%r761 = scf.execute_region -> i32 {
%r762 = scf.execute_region -> i32 {
%r763 = scf.execute_region -> i32 {
%r764 = scf.execute_region -> i32 {
%r765 = scf.execute_region -> i32 {
%r766 = scf.execute_region -> i32 {
%r767 = scf.execute_region -> i32 {
%r768 = scf.execute_region -> i32 {
%r769 = scf.execute_region -> i32 {
%r770 = scf.execute_region -> i32 {
%r771 = scf.execute_region -> i32 {
%r772 = scf.execute_region -> i32 {
%r773 = scf.execute_region -> i32 {
%r774 = scf.execute_region -> i32 {
%r775 = scf.execute_region -> i32 {
%r776 = scf.execute_region -> i32 {
%r777 = scf.execute_region -> i32 {
%r778 = scf.execute_region -> i32 {
%r779 = scf.execute_region -> i32 {
%r780 = scf.execute_region -> i32 {
%r781 = scf.execute_region -> i32 {
%r782 = scf.execute_region -> i32 {
%r783 = scf.execute_region -> i32 {
%r784 = scf.execute_region -> i32 {
%r785 = scf.execute_region -> i32 {
%r786 = scf.execute_region -> i32 {
%r787 = scf.execute_region -> i32 {
%r788 = scf.execute_region -> i32 {
%r789 = scf.execute_region -> i32 {
%r790 = scf.execute_region -> i32 {
%r791 = scf.execute_region -> i32 {
%r792 = scf.execute_region -> i32 {
%r793 = scf.execute_region -> i32 {
%r794 = scf.execute_region -> i32 {
%r795 = scf.execute_region -> i32 {
%r796 = scf.execute_region -> i32 {
%r797 = scf.execute_region -> i32 {
%r798 = scf.execute_region -> i32 {
%r799 = scf.execute_region -> i32 {
%r800 = scf.execute_region -> i32 {
%r801 = scf.execute_region -> i32 {
%r802 = scf.execute_region -> i32 {
%r803 = scf.execute_region -> i32 {
%r804 = scf.execute_region -> i32 {
%r805 = scf.execute_region -> i32 {
%r806 = scf.execute_region -> i32 {
%r807 = scf.execute_region -> i32 {
%r808 = scf.execute_region -> i32 {
%r809 = scf.execute_region -> i32 {
%r810 = scf.execute_region -> i32 {
%r811 = scf.execute_region -> i32 {
%r812 = scf.execute_region -> i32 {
%r813 = scf.execute_region -> i32 {
%r814 = scf.execute_region -> i32 {
%r815 = scf.execute_region -> i32 {
%r816 = scf.execute_region -> i32 {
%r817 = scf.execute_region -> i32 {
%r818 = scf.execute_region -> i32 {
%r819 = scf.execute_region -> i32 {
%r820 = scf.execute_region -> i32 {
%r821 = scf.execute_region -> i32 {
%r822 = scf.execute_region -> i32 {
%r823 = scf.execute_region -> i32 {
%r824 = scf.execute_region -> i32 {
%r825 = scf.execute_region -> i32 {
%r826 = scf.execute_region -> i32 {
%r827 = scf.execute_region -> i32 {
%r828 = scf.execute_region -> i32 {
%r829 = scf.execute_region -> i32 {
%r830 = scf.execute_region -> i32 {
%r831 = scf.execute_region -> i32 {
%r832 = scf.execute_region -> i32 {
%r833 = scf.execute_region -> i32 {
%r834 = scf.execute_region -> i32 {
%r835 = scf.execute_region -> i32 {
%r836 = scf.execute_region -> i32 {
%r837 = scf.execute_region -> i32 {
%r838 = scf.execute_region -> i32 {
%r839 = scf.execute_region -> i32 {
%r840 = scf.execute_region -> i32 {
%r841 = scf.execute_region -> i32 {
%r842 = scf.execute_region -> i32 {
%r843 = scf.execute_region -> i32 {
%r844 = scf.execute_region -> i32 {
%r845 = scf.execute_region -> i32 {
%r846 = scf.execute_region -> i32 {
%r847 = scf.execute_region -> i32 {
%r848 = scf.execute_region -> i32 {
%r849 = scf.execute_region -> i32 {
%r850 = scf.execute_region -> i32 {
%r851 = scf.execute_region -> i32 {
%r852 = scf.execute_region -> i32 {
%r853 = scf.execute_region -> i32 {
%r854 = scf.execute_region -> i32 {
%r855 = scf.execute_region -> i32 {
%r856 = scf.execute_region -> i32 {
%r857 = scf.execute_region -> i32 {
%r858 = scf.execute_region -> i32 {
%r859 = scf.execute_region -> i32 {
%r860 = scf.execute_region -> i32 {
%r861 = scf.execute_region -> i32 {
%r862 = scf.execute_region -> i32 {
%r863 = scf.execute_region -> i32 {
%r864 = scf.execute_region -> i32 {
%r865 = scf.execute_region -> i32 {
%r866 = scf.execute_region -> i32 {
%r867 = scf.execute_region -> i32 {
%r868 = scf.execute_region -> i32 {
%r869 = scf.execute_region -> i32 {
%r870 = scf.execute_region -> i32 {
%r871 = scf.execute_region -> i32 {
%r872 = scf.execute_region -> i32 {
%r873 = scf.execute_region -> i32 {
%r874 = scf.execute_region -> i32 {
%r875 = scf.execute_region -> i32 {
%r876 = scf.execute_region -> i32 {
%r877 = scf.execute_region -> i32 {
%r878 = scf.execute_region -> i32 {
%r879 = scf.execute_region -> i32 {
%r880 = scf.execute_region -> i32 {
%r881 = scf.execute_region -> i32 {
%r882 = scf.execute_region -> i32 {
%r883 = scf.execute_region -> i32 {
%r884 = scf.execute_region -> i32 {
%r885 = scf.execute_region -> i32 {
%r886 = scf.execute_region -> i32 {
%r887 = scf.execute_region -> i32 {
%r888 = scf.execute_region -> i32 {
%r889 = scf.execute_region -> i32 {
%r890 = scf.execute_region -> i32 {
%r891 = scf.execute_region -> i32 {
%r892 = scf.execute_region -> i32 {
%r893 = scf.execute_region -> i32 {
%r894 = scf.execute_region -> i32 {
%r895 = scf.execute_region -> i32 {
%r896 = scf.execute_region -> i32 {
%r897 = scf.execute_region -> i32 {
%r898 = scf.execute_region -> i32 {
%r899 = scf.execute_region -> i32 {
%r900 = scf.execute_region -> i32 {
%r901 = scf.execute_region -> i32 {
%r902 = scf.execute_region -> i32 {
%r903 = scf.execute_region -> i32 {
%r904 = scf.execute_region -> i32 {
%r905 = scf.execute_region -> i32 {
%r906 = scf.execute_region -> i32 {
%r907 = scf.execute_region -> i32 {
%r908 = scf.execute_region -> i32 {
%r909 = scf.execute_region -> i32 {
%r910 = scf.execute_region -> i32 {
%r911 = scf.execute_region -> i32 {
%r912 = scf.execute_region -> i32 {
%r913 = scf.execute_region -> i32 {
%r914 = scf.execute_region -> i32 {
%r915 = scf.execute_region -> i32 {
%r916 = scf.execute_region -> i32 {
%r917 = scf.execute_region -> i32 {
%r918 = scf.execute_region -> i32 {
%r919 = scf.execute_region -> i32 {
%r920 = scf.execute_region -> i32 {
%r921 = scf.execute_region -> i32 {
%r922 = scf.execute_region -> i32 {
%r923 = scf.execute_region -> i32 {
%r924 = scf.execute_region -> i32 {
%r925 = scf.execute_region -> i32 {
%r926 = scf.execute_region -> i32 {
%r927 = scf.execute_region -> i32 {
%r928 = scf.execute_region -> i32 {
%r929 = scf.execute_region -> i32 {
%r930 = scf.execute_region -> i32 {
%r931 = scf.execute_region -> i32 {
%r932 = scf.execute_region -> i32 {
%r933 = scf.execute_region -> i32 {
%r934 = scf.execute_region -> i32 {
%r935 = scf.execute_region -> i32 {
%r936 = scf.execute_region -> i32 {
%r937 = scf.execute_region -> i32 {
%r938 = scf.execute_region -> i32 {
%r939 = scf.execute_region -> i32 {
%r940 = scf.execute_region -> i32 {
%r941 = scf.execute_region -> i32 {
%r942 = scf.execute_region -> i32 {
%r943 = scf.execute_region -> i32 {
%r944 = scf.execute_region -> i32 {
%r945 = scf.execute_region -> i32 {
%r946 = scf.execute_region -> i32 {
%r947 = scf.execute_region -> i32 {
%r948 = scf.execute_region -> i32 {
%r949 = scf.execute_region -> i32 {
%r950 = scf.execute_region -> i32 {
%r951 = scf.execute_region -> i32 {
%r952 = scf.execute_region -> i32 {
%r953 = scf.execute_region -> i32 {
%r954 = scf.execute_region -> i32 {
%r955 = scf.execute_region -> i32 {
%r956 = scf.execute_region -> i32 {
%r957 = scf.execute_region -> i32 {
%r958 = scf.execute_region -> i32 {
%r959 = scf.execute_region -> i32 {
%r960 = scf.execute_region -> i32 {
%r961 = scf.execute_region -> i32 {
%r962 = scf.execute_region -> i32 {
%r963 = scf.execute_region -> i32 {
%r964 = scf.execute_region -> i32 {
%r965 = scf.execute_region -> i32 {
%r966 = scf.execute_region -> i32 {
%r967 = scf.execute_region -> i32 {
%r968 = scf.execute_region -> i32 {
%r969 = scf.execute_region -> i32 {
%r970 = scf.execute_region -> i32 {
%r971 = scf.execute_region -> i32 {
%r972 = scf.execute_region -> i32 {
%r973 = scf.execute_region -> i32 {
%r974 = scf.execute_region -> i32 {
%r975 = scf.execute_region -> i32 {
%r976 = scf.execute_region -> i32 {
%r977 = scf.execute_region -> i32 {
%r978 = scf.execute_region -> i32 {
%r979 = scf.execute_region -> i32 {
%r980 = scf.execute_region -> i32 {
%r981 = scf.execute_region -> i32 {
%r982 = scf.execute_region -> i32 {
%r983 = scf.execute_region -> i32 {
%r984 = scf.execute_region -> i32 {
%r985 = scf.execute_region -> i32 {
%r986 = scf.execute_region -> i32 {
%r987 = scf.execute_region -> i32 {
%r988 = scf.execute_region -> i32 {
%r989 = scf.execute_region -> i32 {
%r990 = scf.execute_region -> i32 {
%r991 = scf.execute_region -> i32 {
%r992 = scf.execute_region -> i32 {
%r993 = scf.execute_region -> i32 {
%r994 = scf.execute_region -> i32 {
%r995 = scf.execute_region -> i32 {
%r996 = scf.execute_region -> i32 {
%r997 = scf.execute_region -> i32 {
%r998 = scf.execute_region -> i32 {
scf.yield %a : i32
}
scf.yield %r998 : i32
}
scf.yield %r997 : i32
}
scf.yield %r996 : i32
}
scf.yield %r995 : i32
}
scf.yield %r994 : i32
}
scf.yield %r993 : i32
}
scf.yield %r992 : i32
}
scf.yield %r991 : i32
}
scf.yield %r990 : i32
}
scf.yield %r989 : i32
}
scf.yield %r988 : i32
}
scf.yield %r987 : i32
}
scf.yield %r986 : i32
}
scf.yield %r985 : i32
}
scf.yield %r984 : i32
}
scf.yield %r983 : i32
}
scf.yield %r982 : i32
}
scf.yield %r981 : i32
}
scf.yield %r980 : i32
}
scf.yield %r979 : i32
}
scf.yield %r978 : i32
}
scf.yield %r977 : i32
}
scf.yield %r976 : i32
}
scf.yield %r975 : i32
}
scf.yield %r974 : i32
}
scf.yield %r973 : i32
}
scf.yield %r972 : i32
}
scf.yield %r971 : i32
}
scf.yield %r970 : i32
}
scf.yield %r969 : i32
}
scf.yield %r968 : i32
}
scf.yield %r967 : i32
}
scf.yield %r966 : i32
}
scf.yield %r965 : i32
}
scf.yield %r964 : i32
}
scf.yield %r963 : i32
}
scf.yield %r962 : i32
}
scf.yield %r961 : i32
}
scf.yield %r960 : i32
}
scf.yield %r959 : i32
}
scf.yield %r958 : i32
}
scf.yield %r957 : i32
}
scf.yield %r956 : i32
}
scf.yield %r955 : i32
}
scf.yield %r954 : i32
}
scf.yield %r953 : i32
}
scf.yield %r952 : i32
}
scf.yield %r951 : i32
}
scf.yield %r950 : i32
}
scf.yield %r949 : i32
}
scf.yield %r948 : i32
}
scf.yield %r947 : i32
}
scf.yield %r946 : i32
}
scf.yield %r945 : i32
}
scf.yield %r944 : i32
}
scf.yield %r943 : i32
}
scf.yield %r942 : i32
}
scf.yield %r941 : i32
}
scf.yield %r940 : i32
}
scf.yield %r939 : i32
}
scf.yield %r938 : i32
}
scf.yield %r937 : i32
}
scf.yield %r936 : i32
}
scf.yield %r935 : i32
}
scf.yield %r934 : i32
}
scf.yield %r933 : i32
}
scf.yield %r932 : i32
}
scf.yield %r931 : i32
}
scf.yield %r930 : i32
}
scf.yield %r929 : i32
}
scf.yield %r928 : i32
}
scf.yield %r927 : i32
}
scf.yield %r926 : i32
}
scf.yield %r925 : i32
}
scf.yield %r924 : i32
}
scf.yield %r923 : i32
}
scf.yield %r922 : i32
}
scf.yield %r921 : i32
}
scf.yield %r920 : i32
}
scf.yield %r919 : i32
}
scf.yield %r918 : i32
}
scf.yield %r917 : i32
}
scf.yield %r916 : i32
}
scf.yield %r915 : i32
}
scf.yield %r914 : i32
}
scf.yield %r913 : i32
}
scf.yield %r912 : i32
}
scf.yield %r911 : i32
}
scf.yield %r910 : i32
}
scf.yield %r909 : i32
}
scf.yield %r908 : i32
}
scf.yield %r907 : i32
}
scf.yield %r906 : i32
}
scf.yield %r905 : i32
}
scf.yield %r904 : i32
}
scf.yield %r903 : i32
}
scf.yield %r902 : i32
}
scf.yield %r901 : i32
}
scf.yield %r900 : i32
}
scf.yield %r899 : i32
}
scf.yield %r898 : i32
}
scf.yield %r897 : i32
}
scf.yield %r896 : i32
}
scf.yield %r895 : i32
}
scf.yield %r894 : i32
}
scf.yield %r893 : i32
}
scf.yield %r892 : i32
}
scf.yield %r891 : i32
}
scf.yield %r890 : i32
}
scf.yield %r889 : i32
}
scf.yield %r888 : i32
}
scf.yield %r887 : i32
}
scf.yield %r886 : i32
}
scf.yield %r885 : i32
}
scf.yield %r884 : i32
}
scf.yield %r883 : i32
}
scf.yield %r882 : i32
}
scf.yield %r881 : i32
}
scf.yield %r880 : i32
}
scf.yield %r879 : i32
}
scf.yield %r878 : i32
}
scf.yield %r877 : i32
}
scf.yield %r876 : i32
}
scf.yield %r875 : i32
}
scf.yield %r874 : i32
}
scf.yield %r873 : i32
}
scf.yield %r872 : i32
}
scf.yield %r871 : i32
}
scf.yield %r870 : i32
}
scf.yield %r869 : i32
}
scf.yield %r868 : i32
}
scf.yield %r867 : i32
}
scf.yield %r866 : i32
}
scf.yield %r865 : i32
}
scf.yield %r864 : i32
}
scf.yield %r863 : i32
}
scf.yield %r862 : i32
}
scf.yield %r861 : i32
}
scf.yield %r860 : i32
}
scf.yield %r859 : i32
}
scf.yield %r858 : i32
}
scf.yield %r857 : i32
}
scf.yield %r856 : i32
}
scf.yield %r855 : i32
}
scf.yield %r854 : i32
}
scf.yield %r853 : i32
}
scf.yield %r852 : i32
}
scf.yield %r851 : i32
}
scf.yield %r850 : i32
}
scf.yield %r849 : i32
}
scf.yield %r848 : i32
}
scf.yield %r847 : i32
}
scf.yield %r846 : i32
}
scf.yield %r845 : i32
}
scf.yield %r844 : i32
}
scf.yield %r843 : i32
}
scf.yield %r842 : i32
}
scf.yield %r841 : i32
}
scf.yield %r840 : i32
}
scf.yield %r839 : i32
}
scf.yield %r838 : i32
}
scf.yield %r837 : i32
}
scf.yield %r836 : i32
}
scf.yield %r835 : i32
}
scf.yield %r834 : i32
}
scf.yield %r833 : i32
}
scf.yield %r832 : i32
}
scf.yield %r831 : i32
}
scf.yield %r830 : i32
}
scf.yield %r829 : i32
}
scf.yield %r828 : i32
}
scf.yield %r827 : i32
}
scf.yield %r826 : i32
}
scf.yield %r825 : i32
}
scf.yield %r824 : i32
}
scf.yield %r823 : i32
}
scf.yield %r822 : i32
}
scf.yield %r821 : i32
}
scf.yield %r820 : i32
}
scf.yield %r819 : i32
}
scf.yield %r818 : i32
}
scf.yield %r817 : i32
}
scf.yield %r816 : i32
}
scf.yield %r815 : i32
}
scf.yield %r814 : i32
}
scf.yield %r813 : i32
}
scf.yield %r812 : i32
}
scf.yield %r811 : i32
}
scf.yield %r810 : i32
}
scf.yield %r809 : i32
}
scf.yield %r808 : i32
}
scf.yield %r807 : i32
}
scf.yield %r806 : i32
}
scf.yield %r805 : i32
}
scf.yield %r804 : i32
}
scf.yield %r803 : i32
}
scf.yield %r802 : i32
}
scf.yield %r801 : i32
}
scf.yield %r800 : i32
}
scf.yield %r799 : i32
}
scf.yield %r798 : i32
}
scf.yield %r797 : i32
}
scf.yield %r796 : i32
}
scf.yield %r795 : i32
}
scf.yield %r794 : i32
}
scf.yield %r793 : i32
}
scf.yield %r792 : i32
}
scf.yield %r791 : i32
}
scf.yield %r790 : i32
}
scf.yield %r789 : i32
}
scf.yield %r788 : i32
}
scf.yield %r787 : i32
}
scf.yield %r786 : i32
}
scf.yield %r785 : i32
}
scf.yield %r784 : i32
}
scf.yield %r783 : i32
}
scf.yield %r782 : i32
}
scf.yield %r781 : i32
}
scf.yield %r780 : i32
}
scf.yield %r779 : i32
}
scf.yield %r778 : i32
}
scf.yield %r777 : i32
}
scf.yield %r776 : i32
}
scf.yield %r775 : i32
}
scf.yield %r774 : i32
}
scf.yield %r773 : i32
}
scf.yield %r772 : i32
}
scf.yield %r771 : i32
}
scf.yield %r770 : i32
}
scf.yield %r769 : i32
}
scf.yield %r768 : i32
}
scf.yield %r767 : i32
}
scf.yield %r766 : i32
}
scf.yield %r765 : i32
}
scf.yield %r764 : i32
}
scf.yield %r763 : i32
}
scf.yield %r762 : i32
}
scf.yield %r761 : i32
}
scf.yield %r760 : i32
}
scf.yield %r759 : i32
}
scf.yield %r758 : i32
}
scf.yield %r757 : i32
}
scf.yield %r756 : i32
}
scf.yield %r755 : i32
}
scf.yield %r754 : i32
}
scf.yield %r753 : i32
}
scf.yield %r752 : i32
}
scf.yield %r751 : i32
}
scf.yield %r750 : i32
}
scf.yield %r749 : i32
}
scf.yield %r748 : i32
}
scf.yield %r747 : i32
}
scf.yield %r746 : i32
}
scf.yield %r745 : i32
}
scf.yield %r744 : i32
}
scf.yield %r743 : i32
}
scf.yield %r742 : i32
}
scf.yield %r741 : i32
}
scf.yield %r740 : i32
}
scf.yield %r739 : i32
}
scf.yield %r738 : i32
}
scf.yield %r737 : i32
}
scf.yield %r736 : i32
}
scf.yield %r735 : i32
}
scf.yield %r734 : i32
}
scf.yield %r733 : i32
}
scf.yield %r732 : i32
}
scf.yield %r731 : i32
}
scf.yield %r730 : i32
}
scf.yield %r729 : i32
}
scf.yield %r728 : i32
}
scf.yield %r727 : i32
}
scf.yield %r726 : i32
}
scf.yield %r725 : i32
}
scf.yield %r724 : i32
}
scf.yield %r723 : i32
}
scf.yield %r722 : i32
}
scf.yield %r721 : i32
}
scf.yield %r720 : i32
}
scf.yield %r719 : i32
}
scf.yield %r718 : i32
}
scf.yield %r717 : i32
}
scf.yield %r716 : i32
}
scf.yield %r715 : i32
}
scf.yield %r714 : i32
}
scf.yield %r713 : i32
}
scf.yield %r712 : i32
}
scf.yield %r711 : i32
}
scf.yield %r710 : i32
}
scf.yield %r709 : i32
}
scf.yield %r708 : i32
}
scf.yield %r707 : i32
}
scf.yield %r706 : i32
}
scf.yield %r705 : i32
}
scf.yield %r704 : i32
}
scf.yield %r703 : i32
}
scf.yield %r702 : i32
}
scf.yield %r701 : i32
}
scf.yield %r700 : i32
}
scf.yield %r699 : i32
}
scf.yield %r698 : i32
}
scf.yield %r697 : i32
}
scf.yield %r696 : i32
}
scf.yield %r695 : i32
}
scf.yield %r694 : i32
}
scf.yield %r693 : i32
}
scf.yield %r692 : i32
}
scf.yield %r691 : i32
}
scf.yield %r690 : i32
}
scf.yield %r689 : i32
}
scf.yield %r688 : i32
}
scf.yield %r687 : i32
}
scf.yield %r686 : i32
}
scf.yield %r685 : i32
}
scf.yield %r684 : i32
}
scf.yield %r683 : i32
}
scf.yield %r682 : i32
}
scf.yield %r681 : i32
}
scf.yield %r680 : i32
}
scf.yield %r679 : i32
}
scf.yield %r678 : i32
}
scf.yield %r677 : i32
}
scf.yield %r676 : i32
}
scf.yield %r675 : i32
}
scf.yield %r674 : i32
}
scf.yield %r673 : i32
}
scf.yield %r672 : i32
}
scf.yield %r671 : i32
}
scf.yield %r670 : i32
}
scf.yield %r669 : i32
}
scf.yield %r668 : i32
}
scf.yield %r667 : i32
}
scf.yield %r666 : i32
}
scf.yield %r665 : i32
}
scf.yield %r664 : i32
}
scf.yield %r663 : i32
}
scf.yield %r662 : i32
}
scf.yield %r661 : i32
}
scf.yield %r660 : i32
}
scf.yield %r659 : i32
}
scf.yield %r658 : i32
}
scf.yield %r657 : i32
}
scf.yield %r656 : i32
}
scf.yield %r655 : i32
}
scf.yield %r654 : i32
}
scf.yield %r653 : i32
}
scf.yield %r652 : i32
}
scf.yield %r651 : i32
}
scf.yield %r650 : i32
}
scf.yield %r649 : i32
}
scf.yield %r648 : i32
}
scf.yield %r647 : i32
}
scf.yield %r646 : i32
}
scf.yield %r645 : i32
}
scf.yield %r644 : i32
}
scf.yield %r643 : i32
}
scf.yield %r642 : i32
}
scf.yield %r641 : i32
}
scf.yield %r640 : i32
}
scf.yield %r639 : i32
}
scf.yield %r638 : i32
}
scf.yield %r637 : i32
}
scf.yield %r636 : i32
}
scf.yield %r635 : i32
}
scf.yield %r634 : i32
}
scf.yield %r633 : i32
}
scf.yield %r632 : i32
}
scf.yield %r631 : i32
}
scf.yield %r630 : i32
}
scf.yield %r629 : i32
}
scf.yield %r628 : i32
}
scf.yield %r627 : i32
}
scf.yield %r626 : i32
}
scf.yield %r625 : i32
}
scf.yield %r624 : i32
}
scf.yield %r623 : i32
}
scf.yield %r622 : i32
}
scf.yield %r621 : i32
}
scf.yield %r620 : i32
}
scf.yield %r619 : i32
}
scf.yield %r618 : i32
}
scf.yield %r617 : i32
}
scf.yield %r616 : i32
}
scf.yield %r615 : i32
}
scf.yield %r614 : i32
}
scf.yield %r613 : i32
}
scf.yield %r612 : i32
}
scf.yield %r611 : i32
}
scf.yield %r610 : i32
}
scf.yield %r609 : i32
}
scf.yield %r608 : i32
}
scf.yield %r607 : i32
}
scf.yield %r606 : i32
}
scf.yield %r605 : i32
}
scf.yield %r604 : i32
}
scf.yield %r603 : i32
}
scf.yield %r602 : i32
}
scf.yield %r601 : i32
}
scf.yield %r600 : i32
}
scf.yield %r599 : i32
}
scf.yield %r598 : i32
}
scf.yield %r597 : i32
}
scf.yield %r596 : i32
}
scf.yield %r595 : i32
}
scf.yield %r594 : i32
}
scf.yield %r593 : i32
}
scf.yield %r592 : i32
}
scf.yield %r591 : i32
}
scf.yield %r590 : i32
}
scf.yield %r589 : i32
}
scf.yield %r588 : i32
}
scf.yield %r587 : i32
}
scf.yield %r586 : i32
}
scf.yield %r585 : i32
}
scf.yield %r584 : i32
}
scf.yield %r583 : i32
}
scf.yield %r582 : i32
}
scf.yield %r581 : i32
}
scf.yield %r580 : i32
}
scf.yield %r579 : i32
}
scf.yield %r578 : i32
}
scf.yield %r577 : i32
}
scf.yield %r576 : i32
}
scf.yield %r575 : i32
}
scf.yield %r574 : i32
}
scf.yield %r573 : i32
}
scf.yield %r572 : i32
}
scf.yield %r571 : i32
}
scf.yield %r570 : i32
}
scf.yield %r569 : i32
}
scf.yield %r568 : i32
}
scf.yield %r567 : i32
}
scf.yield %r566 : i32
}
scf.yield %r565 : i32
}
scf.yield %r564 : i32
}
scf.yield %r563 : i32
}
scf.yield %r562 : i32
}
scf.yield %r561 : i32
}
scf.yield %r560 : i32
}
scf.yield %r559 : i32
}
scf.yield %r558 : i32
}
scf.yield %r557 : i32
}
scf.yield %r556 : i32
}
scf.yield %r555 : i32
}
scf.yield %r554 : i32
}
scf.yield %r553 : i32
}
scf.yield %r552 : i32
}
scf.yield %r551 : i32
}
scf.yield %r550 : i32
}
scf.yield %r549 : i32
}
scf.yield %r548 : i32
}
scf.yield %r547 : i32
}
scf.yield %r546 : i32
}
scf.yield %r545 : i32
}
scf.yield %r544 : i32
}
scf.yield %r543 : i32
}
scf.yield %r542 : i32
}
scf.yield %r541 : i32
}
scf.yield %r540 : i32
}
scf.yield %r539 : i32
}
scf.yield %r538 : i32
}
scf.yield %r537 : i32
}
scf.yield %r536 : i32
}
scf.yield %r535 : i32
}
scf.yield %r534 : i32
}
scf.yield %r533 : i32
}
scf.yield %r532 : i32
}
scf.yield %r531 : i32
}
scf.yield %r530 : i32
}
scf.yield %r529 : i32
}
scf.yield %r528 : i32
}
scf.yield %r527 : i32
}
scf.yield %r526 : i32
}
scf.yield %r525 : i32
}
scf.yield %r524 : i32
}
scf.yield %r523 : i32
}
scf.yield %r522 : i32
}
scf.yield %r521 : i32
}
scf.yield %r520 : i32
}
scf.yield %r519 : i32
}
scf.yield %r518 : i32
}
scf.yield %r517 : i32
}
scf.yield %r516 : i32
}
scf.yield %r515 : i32
}
scf.yield %r514 : i32
}
scf.yield %r513 : i32
}
scf.yield %r512 : i32
}
scf.yield %r511 : i32
}
scf.yield %r510 : i32
}
scf.yield %r509 : i32
}
scf.yield %r508 : i32
}
scf.yield %r507 : i32
}
scf.yield %r506 : i32
}
scf.yield %r505 : i32
}
scf.yield %r504 : i32
}
scf.yield %r503 : i32
}
scf.yield %r502 : i32
}
scf.yield %r501 : i32
}
scf.yield %r500 : i32
}
scf.yield %r499 : i32
}
scf.yield %r498 : i32
}
scf.yield %r497 : i32
}
scf.yield %r496 : i32
}
scf.yield %r495 : i32
}
scf.yield %r494 : i32
}
scf.yield %r493 : i32
}
scf.yield %r492 : i32
}
scf.yield %r491 : i32
}
scf.yield %r490 : i32
}
scf.yield %r489 : i32
}
scf.yield %r488 : i32
}
scf.yield %r487 : i32
}
scf.yield %r486 : i32
}
scf.yield %r485 : i32
}
scf.yield %r484 : i32
}
scf.yield %r483 : i32
}
scf.yield %r482 : i32
}
scf.yield %r481 : i32
}
scf.yield %r480 : i32
}
scf.yield %r479 : i32
}
scf.yield %r478 : i32
}
scf.yield %r477 : i32
}
scf.yield %r476 : i32
}
scf.yield %r475 : i32
}
scf.yield %r474 : i32
}
scf.yield %r473 : i32
}
scf.yield %r472 : i32
}
scf.yield %r471 : i32
}
scf.yield %r470 : i32
}
scf.yield %r469 : i32
}
scf.yield %r468 : i32
}
scf.yield %r467 : i32
}
scf.yield %r466 : i32
}
scf.yield %r465 : i32
}
scf.yield %r464 : i32
}
scf.yield %r463 : i32
}
scf.yield %r462 : i32
}
scf.yield %r461 : i32
}
scf.yield %r460 : i32
}
scf.yield %r459 : i32
}
scf.yield %r458 : i32
}
scf.yield %r457 : i32
}
scf.yield %r456 : i32
}
scf.yield %r455 : i32
}
scf.yield %r454 : i32
}
scf.yield %r453 : i32
}
scf.yield %r452 : i32
}
scf.yield %r451 : i32
}
scf.yield %r450 : i32
}
scf.yield %r449 : i32
}
scf.yield %r448 : i32
}
scf.yield %r447 : i32
}
scf.yield %r446 : i32
}
scf.yield %r445 : i32
}
scf.yield %r444 : i32
}
scf.yield %r443 : i32
}
scf.yield %r442 : i32
}
scf.yield %r441 : i32
}
scf.yield %r440 : i32
}
scf.yield %r439 : i32
}
scf.yield %r438 : i32
}
scf.yield %r437 : i32
}
scf.yield %r436 : i32
}
scf.yield %r435 : i32
}
scf.yield %r434 : i32
}
scf.yield %r433 : i32
}
scf.yield %r432 : i32
}
scf.yield %r431 : i32
}
scf.yield %r430 : i32
}
scf.yield %r429 : i32
}
scf.yield %r428 : i32
}
scf.yield %r427 : i32
}
scf.yield %r426 : i32
}
scf.yield %r425 : i32
}
scf.yield %r424 : i32
}
scf.yield %r423 : i32
}
scf.yield %r422 : i32
}
scf.yield %r421 : i32
}
scf.yield %r420 : i32
}
scf.yield %r419 : i32
}
scf.yield %r418 : i32
}
scf.yield %r417 : i32
}
scf.yield %r416 : i32
}
scf.yield %r415 : i32
}
scf.yield %r414 : i32
}
scf.yield %r413 : i32
}
scf.yield %r412 : i32
}
scf.yield %r411 : i32
}
scf.yield %r410 : i32
}
scf.yield %r409 : i32
}
scf.yield %r408 : i32
}
scf.yield %r407 : i32
}
scf.yield %r406 : i32
}
scf.yield %r405 : i32
}
scf.yield %r404 : i32
}
scf.yield %r403 : i32
}
scf.yield %r402 : i32
}
scf.yield %r401 : i32
}
scf.yield %r400 : i32
}
scf.yield %r399 : i32
}
scf.yield %r398 : i32
}
scf.yield %r397 : i32
}
scf.yield %r396 : i32
}
scf.yield %r395 : i32
}
scf.yield %r394 : i32
}
scf.yield %r393 : i32
}
scf.yield %r392 : i32
}
scf.yield %r391 : i32
}
scf.yield %r390 : i32
}
scf.yield %r389 : i32
}
scf.yield %r388 : i32
}
scf.yield %r387 : i32
}
scf.yield %r386 : i32
}
scf.yield %r385 : i32
}
scf.yield %r384 : i32
}
scf.yield %r383 : i32
}
scf.yield %r382 : i32
}
scf.yield %r381 : i32
}
scf.yield %r380 : i32
}
scf.yield %r379 : i32
}
scf.yield %r378 : i32
}
scf.yield %r377 : i32
}
scf.yield %r376 : i32
}
scf.yield %r375 : i32
}
scf.yield %r374 : i32
}
scf.yield %r373 : i32
}
scf.yield %r372 : i32
}
scf.yield %r371 : i32
}
scf.yield %r370 : i32
}
scf.yield %r369 : i32
}
scf.yield %r368 : i32
}
scf.yield %r367 : i32
}
scf.yield %r366 : i32
}
scf.yield %r365 : i32
}
scf.yield %r364 : i32
}
scf.yield %r363 : i32
}
scf.yield %r362 : i32
}
scf.yield %r361 : i32
}
scf.yield %r360 : i32
}
scf.yield %r359 : i32
}
scf.yield %r358 : i32
}
scf.yield %r357 : i32
}
scf.yield %r356 : i32
}
scf.yield %r355 : i32
}
scf.yield %r354 : i32
}
scf.yield %r353 : i32
}
scf.yield %r352 : i32
}
scf.yield %r351 : i32
}
scf.yield %r350 : i32
}
scf.yield %r349 : i32
}
scf.yield %r348 : i32
}
scf.yield %r347 : i32
}
scf.yield %r346 : i32
}
scf.yield %r345 : i32
}
scf.yield %r344 : i32
}
scf.yield %r343 : i32
}
scf.yield %r342 : i32
}
scf.yield %r341 : i32
}
scf.yield %r340 : i32
}
scf.yield %r339 : i32
}
scf.yield %r338 : i32
}
scf.yield %r337 : i32
}
scf.yield %r336 : i32
}
scf.yield %r335 : i32
}
scf.yield %r334 : i32
}
scf.yield %r333 : i32
}
scf.yield %r332 : i32
}
scf.yield %r331 : i32
}
scf.yield %r330 : i32
}
scf.yield %r329 : i32
}
scf.yield %r328 : i32
}
scf.yield %r327 : i32
}
scf.yield %r326 : i32
}
scf.yield %r325 : i32
}
scf.yield %r324 : i32
}
scf.yield %r323 : i32
}
scf.yield %r322 : i32
}
scf.yield %r321 : i32
}
scf.yield %r320 : i32
}
scf.yield %r319 : i32
}
scf.yield %r318 : i32
}
scf.yield %r317 : i32
}
scf.yield %r316 : i32
}
scf.yield %r315 : i32
}
scf.yield %r314 : i32
}
scf.yield %r313 : i32
}
scf.yield %r312 : i32
}
scf.yield %r311 : i32
}
scf.yield %r310 : i32
}
scf.yield %r309 : i32
}
scf.yield %r308 : i32
}
scf.yield %r307 : i32
}
scf.yield %r306 : i32
}
scf.yield %r305 : i32
}
scf.yield %r304 : i32
}
scf.yield %r303 : i32
}
scf.yield %r302 : i32
}
scf.yield %r301 : i32
}
scf.yield %r300 : i32
}
scf.yield %r299 : i32
}
scf.yield %r298 : i32
}
scf.yield %r297 : i32
}
scf.yield %r296 : i32
}
scf.yield %r295 : i32
}
scf.yield %r294 : i32
}
scf.yield %r293 : i32
}
scf.yield %r292 : i32
}
scf.yield %r291 : i32
}
scf.yield %r290 : i32
}
scf.yield %r289 : i32
}
scf.yield %r288 : i32
}
scf.yield %r287 : i32
}
scf.yield %r286 : i32
}
scf.yield %r285 : i32
}
scf.yield %r284 : i32
}
scf.yield %r283 : i32
}
scf.yield %r282 : i32
}
scf.yield %r281 : i32
}
scf.yield %r280 : i32
}
scf.yield %r279 : i32
}
scf.yield %r278 : i32
}
scf.yield %r277 : i32
}
scf.yield %r276 : i32
}
scf.yield %r275 : i32
}
scf.yield %r274 : i32
}
scf.yield %r273 : i32
}
scf.yield %r272 : i32
}
scf.yield %r271 : i32
}
scf.yield %r270 : i32
}
scf.yield %r269 : i32
}
scf.yield %r268 : i32
}
scf.yield %r267 : i32
}
scf.yield %r266 : i32
}
scf.yield %r265 : i32
}
scf.yield %r264 : i32
}
scf.yield %r263 : i32
}
scf.yield %r262 : i32
}
scf.yield %r261 : i32
}
scf.yield %r260 : i32
}
scf.yield %r259 : i32
}
scf.yield %r258 : i32
}
scf.yield %r257 : i32
}
scf.yield %r256 : i32
}
scf.yield %r255 : i32
}
scf.yield %r254 : i32
}
scf.yield %r253 : i32
}
scf.yield %r252 : i32
}
scf.yield %r251 : i32
}
scf.yield %r250 : i32
}
scf.yield %r249 : i32
}
scf.yield %r248 : i32
}
scf.yield %r247 : i32
}
scf.yield %r246 : i32
}
scf.yield %r245 : i32
}
scf.yield %r244 : i32
}
scf.yield %r243 : i32
}
scf.yield %r242 : i32
}
scf.yield %r241 : i32
}
scf.yield %r240 : i32
}
scf.yield %r239 : i32
}
scf.yield %r238 : i32
}
scf.yield %r237 : i32
}
scf.yield %r236 : i32
}
scf.yield %r235 : i32
}
scf.yield %r234 : i32
}
scf.yield %r233 : i32
}
scf.yield %r232 : i32
}
scf.yield %r231 : i32
}
scf.yield %r230 : i32
}
scf.yield %r229 : i32
}
scf.yield %r228 : i32
}
scf.yield %r227 : i32
}
scf.yield %r226 : i32
}
scf.yield %r225 : i32
}
scf.yield %r224 : i32
}
scf.yield %r223 : i32
}
scf.yield %r222 : i32
}
scf.yield %r221 : i32
}
scf.yield %r220 : i32
}
scf.yield %r219 : i32
}
scf.yield %r218 : i32
}
scf.yield %r217 : i32
}
scf.yield %r216 : i32
}
scf.yield %r215 : i32
}
scf.yield %r214 : i32
}
scf.yield %r213 : i32
}
scf.yield %r212 : i32
}
scf.yield %r211 : i32
}
scf.yield %r210 : i32
}
scf.yield %r209 : i32
}
scf.yield %r208 : i32
}
scf.yield %r207 : i32
}
scf.yield %r206 : i32
}
scf.yield %r205 : i32
}
scf.yield %r204 : i32
}
scf.yield %r203 : i32
}
scf.yield %r202 : i32
}
scf.yield %r201 : i32
}
scf.yield %r200 : i32
}
scf.yield %r199 : i32
}
scf.yield %r198 : i32
}
scf.yield %r197 : i32
}
scf.yield %r196 : i32
}
scf.yield %r195 : i32
}
scf.yield %r194 : i32
}
scf.yield %r193 : i32
}
scf.yield %r192 : i32
}
scf.yield %r191 : i32
}
scf.yield %r190 : i32
}
scf.yield %r189 : i32
}
scf.yield %r188 : i32
}
scf.yield %r187 : i32
}
scf.yield %r186 : i32
}
scf.yield %r185 : i32
}
scf.yield %r184 : i32
}
scf.yield %r183 : i32
}
scf.yield %r182 : i32
}
scf.yield %r181 : i32
}
scf.yield %r180 : i32
}
scf.yield %r179 : i32
}
scf.yield %r178 : i32
}
scf.yield %r177 : i32
}
scf.yield %r176 : i32
}
scf.yield %r175 : i32
}
scf.yield %r174 : i32
}
scf.yield %r173 : i32
}
scf.yield %r172 : i32
}
scf.yield %r171 : i32
}
scf.yield %r170 : i32
}
scf.yield %r169 : i32
}
scf.yield %r168 : i32
}
scf.yield %r167 : i32
}
scf.yield %r166 : i32
}
scf.yield %r165 : i32
}
scf.yield %r164 : i32
}
scf.yield %r163 : i32
}
scf.yield %r162 : i32
}
scf.yield %r161 : i32
}
scf.yield %r160 : i32
}
scf.yield %r159 : i32
}
scf.yield %r158 : i32
}
scf.yield %r157 : i32
}
scf.yield %r156 : i32
}
scf.yield %r155 : i32
}
scf.yield %r154 : i32
}
scf.yield %r153 : i32
}
scf.yield %r152 : i32
}
scf.yield %r151 : i32
}
scf.yield %r150 : i32
}
scf.yield %r149 : i32
}
scf.yield %r148 : i32
}
scf.yield %r147 : i32
}
scf.yield %r146 : i32
}
scf.yield %r145 : i32
}
scf.yield %r144 : i32
}
scf.yield %r143 : i32
}
scf.yield %r142 : i32
}
scf.yield %r141 : i32
}
scf.yield %r140 : i32
}
scf.yield %r139 : i32
}
scf.yield %r138 : i32
}
scf.yield %r137 : i32
}
scf.yield %r136 : i32
}
scf.yield %r135 : i32
}
scf.yield %r134 : i32
}
scf.yield %r133 : i32
}
scf.yield %r132 : i32
}
scf.yield %r131 : i32
}
scf.yield %r130 : i32
}
scf.yield %r129 : i32
}
scf.yield %r128 : i32
}
scf.yield %r127 : i32
}
scf.yield %r126 : i32
}
scf.yield %r125 : i32
}
scf.yield %r124 : i32
}
scf.yield %r123 : i32
}
scf.yield %r122 : i32
}
scf.yield %r121 : i32
}
scf.yield %r120 : i32
}
scf.yield %r119 : i32
}
scf.yield %r118 : i32
}
scf.yield %r117 : i32
}
scf.yield %r116 : i32
}
scf.yield %r115 : i32
}
scf.yield %r114 : i32
}
scf.yield %r113 : i32
}
scf.yield %r112 : i32
}
scf.yield %r111 : i32
}
scf.yield %r110 : i32
}
scf.yield %r109 : i32
}
scf.yield %r108 : i32
}
scf.yield %r107 : i32
}
scf.yield %r106 : i32
}
scf.yield %r105 : i32
}
scf.yield %r104 : i32
}
scf.yield %r103 : i32
}
scf.yield %r102 : i32
}
scf.yield %r101 : i32
}
scf.yield %r100 : i32
}
scf.yield %r99 : i32
}
scf.yield %r98 : i32
}
scf.yield %r97 : i32
}
scf.yield %r96 : i32
}
scf.yield %r95 : i32
}
scf.yield %r94 : i32
}
scf.yield %r93 : i32
}
scf.yield %r92 : i32
}
scf.yield %r91 : i32
}
scf.yield %r90 : i32
}
scf.yield %r89 : i32
}
scf.yield %r88 : i32
}
scf.yield %r87 : i32
}
scf.yield %r86 : i32
}
scf.yield %r85 : i32
}
scf.yield %r84 : i32
}
scf.yield %r83 : i32
}
scf.yield %r82 : i32
}
scf.yield %r81 : i32
}
scf.yield %r80 : i32
}
scf.yield %r79 : i32
}
scf.yield %r78 : i32
}
scf.yield %r77 : i32
}
scf.yield %r76 : i32
}
scf.yield %r75 : i32
}
scf.yield %r74 : i32
}
scf.yield %r73 : i32
}
scf.yield %r72 : i32
}
scf.yield %r71 : i32
}
scf.yield %r70 : i32
}
scf.yield %r69 : i32
}
scf.yield %r68 : i32
}
scf.yield %r67 : i32
}
scf.yield %r66 : i32
}
scf.yield %r65 : i32
}
scf.yield %r64 : i32
}
scf.yield %r63 : i32
}
scf.yield %r62 : i32
}
scf.yield %r61 : i32
}
scf.yield %r60 : i32
}
scf.yield %r59 : i32
}
scf.yield %r58 : i32
}
scf.yield %r57 : i32
}
scf.yield %r56 : i32
}
scf.yield %r55 : i32
}
scf.yield %r54 : i32
}
scf.yield %r53 : i32
}
scf.yield %r52 : i32
}
scf.yield %r51 : i32
}
scf.yield %r50 : i32
}
scf.yield %r49 : i32
}
scf.yield %r48 : i32
}
scf.yield %r47 : i32
}
scf.yield %r46 : i32
}
scf.yield %r45 : i32
}
scf.yield %r44 : i32
}
scf.yield %r43 : i32
}
scf.yield %r42 : i32
}
scf.yield %r41 : i32
}
scf.yield %r40 : i32
}
scf.yield %r39 : i32
}
scf.yield %r38 : i32
}
scf.yield %r37 : i32
}
scf.yield %r36 : i32
}
scf.yield %r35 : i32
}
scf.yield %r34 : i32
}
scf.yield %r33 : i32
}
scf.yield %r32 : i32
}
scf.yield %r31 : i32
}
scf.yield %r30 : i32
}
scf.yield %r29 : i32
}
scf.yield %r28 : i32
}
scf.yield %r27 : i32
}
scf.yield %r26 : i32
}
scf.yield %r25 : i32
}
scf.yield %r24 : i32
}
scf.yield %r23 : i32
}
scf.yield %r22 : i32
}
scf.yield %r21 : i32
}
scf.yield %r20 : i32
}
scf.yield %r19 : i32
}
scf.yield %r18 : i32
}
scf.yield %r17 : i32
}
scf.yield %r16 : i32
}
scf.yield %r15 : i32
}
scf.yield %r14 : i32
}
scf.yield %r13 : i32
}
scf.yield %r12 : i32
}
scf.yield %r11 : i32
}
scf.yield %r10 : i32
}
scf.yield %r9 : i32
}
scf.yield %r8 : i32
}
scf.yield %r7 : i32
}
scf.yield %r6 : i32
}
scf.yield %r5 : i32
}
scf.yield %r4 : i32
}
scf.yield %r3 : i32
}
scf.yield %r2 : i32
}
scf.yield %r1 : i32
}
return %r0 : i32
}
